-- The mathematical functions, on many arguments: each line is the
-- function, its argument and the result in hexadecimal (exact bits), for
-- comparing with another system's results to the last bit.
local function out(name, x, y)
  print(name, string.format("%a", x), string.format("%a", y))
end
local xs = {}
for i = -40, 40 do xs[#xs + 1] = i * 0.173 end
for _, x in ipairs({1e-300, 1e-10, 0.5, 1, 2, 10, 1e10, 123456.789, math.pi, math.pi / 2}) do
  xs[#xs + 1] = x
end
for _, x in ipairs(xs) do
  out("sin", x, math.sin(x)); out("cos", x, math.cos(x)); out("tan", x, math.tan(x))
  out("exp", x, math.exp(x)); out("atan", x, math.atan(x)); out("atan2", x, math.atan(x, 0.7))
  if x > 0 then
    out("log", x, math.log(x)); out("log2", x, math.log(x, 2)); out("log10", x, math.log(x, 10))
    out("sqrt", x, math.sqrt(x)); out("pow", x, x ^ 0.37); out("powi", x, x ^ 3)
  end
  if x >= -1 and x <= 1 then out("asin", x, math.asin(x)); out("acos", x, math.acos(x)) end
end

-- Numbers: integers (64-bit, wrapping), floats (IEEE doubles), and how
-- they convert and print. The output is the same on every Lua 5.4.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " "))
end

show(1 + 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2^10, 7 / 2)
show(7.5 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 5.0 % -3)
show(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
show(math.maxinteger * 2, math.mininteger // -1, 1 << 62, 1 << 63, 1 << 64)
show(0xff, 0x7fffffffffffffff, 0xffffffffffffffff, 5 & 3, 5 | 3, 5 ~ 3, ~0, -1 >> 60)
show(1e15, 1e16, 2^53, 2^53 + 1, 0.1 + 0.2, 1/3, -1/3, 100 / 3)
show(1/0, -1/0, 3.0, -0.0, 1e300 * 1e10, 123456789012345678)
show(math.tointeger(3.0), math.tointeger(3.5), math.tointeger("8"), math.type(1), math.type(1.0), math.type("1"))
show(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("777", 8), tonumber("1.5e"))
show(10 == 10.0, "10" + 5, "3.5" * 2, 10 .. 20, 2^-1074, 2^-1075)
show(math.floor(-3.5), math.ceil(-3.5), math.floor(3.7), math.abs(math.mininteger), math.fmod(7, -3), math.fmod(-7, 3))
show(math.max(3, 9, 1), math.min(3.5, -2), math.ult(1, -1), 3 // 0.0, -3 % math.huge)
show(string.format("%.3f %5.1f %e %g %g", math.pi, -2.25, 12345.6789, 1e20, 0.0001))
local sum, prod = 0, 1
for i = 1, 100 do sum = sum + i * i; prod = (prod * i) % 1000000007 end
show(sum, prod)
local f = 0.0
for i = 1, 1000 do f = f + 1 / i end
show(f, string.format("%.17g", f))
show(pcall(function() return 1 // 0 end))
show(pcall(function() return 1 % 0 end))
show(8 // 3 * 3 + 8 % 3, 2^2^3, -2^2, not nil == true)

-- Tables, functions and the rest of the language: sort, closures,
-- coroutines, metatables, varargs, errors, goto, and a little I/O.
local t = {5, 3, 8, 1, 9, 2, 7}
table.sort(t)
print(table.concat(t, ","))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, ","))
table.insert(t, 1, 0); table.insert(t, 100); print(table.remove(t), table.remove(t, 1), #t)
print(table.unpack({1, 2, 3})); print(select(2, "a", "b", "c")); print(select(-1, "a", "b", "c"))
print(table.concat(table.move({1, 2, 3}, 1, 3, 2, {9}), " "))
local words = {"pear", "Apple", "fig", "banana", "cherry", "apple"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(words, " "))

-- Closures: counters that keep their own state.
local function counter(step)
  local n = 0
  return function() n = n + step; return n end
end
local c1, c2 = counter(1), counter(10)
print(c1(), c1(), c2(), c1(), c2())

-- Coroutines: a generator of Fibonacci numbers.
local fib = coroutine.wrap(function()
  local a, b = 0, 1
  while true do coroutine.yield(a); a, b = b, a + b end
end)
local out = {}
for i = 1, 15 do out[i] = fib() end
print(table.concat(out, " "))
local co = coroutine.create(function(x, y) local z = coroutine.yield(x + y); return z * 2 end)
print(coroutine.resume(co, 1, 2)); print(coroutine.resume(co, 10)); print(coroutine.resume(co))
print(coroutine.status(co), coroutine.isyieldable())

-- Metatables: a vector type.
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, V) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a:len2() < b:len2() end
V.__tostring = function(v) return "(" .. v.x .. ", " .. v.y .. ")" end
V.__len = function() return 2 end
V.__call = function(v, k) return v.x * k end
function V.new(x, y) return setmetatable({x = x, y = y}, V) end
function V:len2() return self.x * self.x + self.y * self.y end
local a, b = V.new(1, 2), V.new(3, 4)
print(tostring(a + b), a == V.new(1, 2), a < b, #a, a(10), rawequal(a, V.new(1, 2)))
local defaults = setmetatable({}, {__index = function(_, k) return k .. "?" end})
print(defaults.colour, rawget(defaults, "colour"))

-- Varargs and multiple results.
local function stats(...)
  local n, sum = select("#", ...), 0
  for i = 1, n do sum = sum + select(i, ...) end
  return n, sum, sum / n
end
print(stats(1, 2, 3, 4))
print((stats(5, 5)))

-- Errors: pcall, error objects, levels, xpcall with a handler.
local ok, e = pcall(error, {code = 7}); print(ok, e.code)
print(pcall(function() error("plain", 0) end))
print(select(2, xpcall(function() return nil + 1 end, function(m) return "handled: " .. m:gsub("^.-:%d+: ", "") end)))
print(pcall(setmetatable, 1, {}))

-- goto, integer loops with steps, nested breaks.
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, j, " ")
    ::continue::
  end
end
print()
for i = 10, 1, -3 do io.write(i, " ") end
for x = 1.0, 2.0, 0.25 do io.write(x, " ") end
print()

-- String keys come out of pairs in no fixed order: sort them first.
local inventory = {apples = 3, pears = 0, figs = 12, kiwis = 7}
local keys = {}
for k in pairs(inventory) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", inventory[k], " ") end
print()

-- Files: write, read back by lines and by numbers, seek.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
f:write("line one\n", 42, " ", 3.5, "\n", "last")
f:close()
for line in io.lines(name) do io.write("[", line, "]") end
print()
f = assert(io.open(name))
print(f:read("l"), f:read("n"), f:read("n"), f:read("a"))
print(f:seek("set", 5), f:read(3), f:seek("end"))
f:close()
print(os.remove(name), io.open(name) == nil, (select(2, io.open(name))):match("No such file") ~= nil)
print(os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365), os.getenv("NO_SUCH_VARIABLE"), type(os.time()), type(os.clock()))
math.randomseed(42)
print(math.random(1, 100), math.random(1, 100), math.random(1000000))
print(string.format("%.6f", math.random()))

-- Strings: formatting, patterns, conversions, utf8 and binary packing.
print(string.format("[%5d] [%-5d] [%05d] [%x] [%X] [%o] [%c]", 42, 42, 42, 255, 255, 8, 65))
print(string.format("[%10.3f] [%-10.2e] [%g] [%g] [%g]", 3.14159, 31415.9, 1e-5, 123456789, 0.5))
print(string.format("[%s] [%10s] [%-10s] [%.3s] [%q]", "hi", "right", "left", "truncate", "a \"q\"\n\0z"))
print(string.format("%q %q %q", 1/3, math.mininteger, 255))
print(string.format("%a %a %a %.3a", 1.0, 0.1, -1e300, math.pi))
print(("hello world"):upper(), ("MiXeD"):lower(), ("abc"):rep(3, "-"), ("stressed"):reverse())
print(#"hello", ("hello"):sub(2, 4), ("hello"):sub(-3), ("hello"):byte(1, -1))
print(string.char(72, 105), ("x"):byte(), ("%d items"):format(3))
print(("the quick brown fox"):find("quick"), ("the quick"):find("q(u)(i)"), ("a.b"):find(".", 1, true))
print(("hello world from lua"):gsub("o", "0"), ("abc"):gsub("%w", "%0%0"), ("hello"):gsub("l+", string.upper))
print(("key=val, k2=v2"):gsub("(%w+)=(%w+)", "%2=%1"))
for k, v in ("a=1, b=22, c=333"):gmatch("(%a)=(%d+)") do io.write(k, ":", v, " ") end
print()
print(("  trim me  "):match("^%s*(.-)%s*$"), ("2026-12-02"):match("(%d+)-(%d+)-(%d+)"))
print(("%bxy"):len(), ("f(a(b)c)d"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(tostring(12), tostring(1.5), tostring(nil), tostring(true), tonumber("  0x1p4  "))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häh€"), #utf8.char(8364))
for p, c in utf8.codes("aé€") do io.write(p, "=", c, " ") end
print()
print(utf8.codepoint("häh", 1, -1))
local packed = string.pack("<i4 >i2 z s1 d", -2, 513, "zero", "len", 0.25)
print(#packed, string.unpack("<i4 >i2 z s1 d", packed))
print(string.pack(">I3", 0x010203):byte(1, -1))
local parts = {}
for w in ("one two  three   four"):gmatch("%S+") do parts[#parts + 1] = w end
print(#parts, table.concat(parts, "|"))
print(("abc"):rep(0), ("x"):rep(5), ("ab"):rep(3, ","))
print(pcall(string.rep), select("#", pcall(error)))
print(string.format("%-20s|", "left") .. string.format("%20s|", "right"))
local s = ""
for i = 1, 20 do s = s .. string.char(65 + (i * 7) % 26) end
print(s, s:lower():upper() == s, s < "Z", "a" < "b", "Z" < "a", "" < "a")

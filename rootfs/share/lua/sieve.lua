-- Count the primes below N (the first argument, 1000000 if none) with the
-- sieve of Eratosthenes, R times (the second argument, 1): a program that
-- keeps a CPU busy and its memory full, to watch it move between nodes.
local n = tonumber(arg and arg[1]) or 1000000
local rounds = tonumber(arg and arg[2]) or 1
local count
for _ = 1, rounds do
  local composite = {}
  count = 0
  for i = 2, n - 1 do
    if not composite[i] then
      count = count + 1
      for j = i * i, n - 1, i do composite[j] = true end
    end
  end
end
print(string.format("%d primes below %d", count, n))

-- Lists the live members of a channel, dropping lapsed ones.
-- KEYS[1] zset, KEYS[2] hash, KEYS[3] join order (see presence.lua); ARGV[1] a client id to look up alone, or "" for all
-- Returns {client id, value, client id, value, ...}.
__PRESENCE__
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
if ARGV[1] ~= '' then
  local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
  if score and tonumber(score) > now then
    local v = redis.call('HGET', KEYS[2], ARGV[1])
    if v then
      out = {ARGV[1], v}
    end
  end
  return out
end
purge(now)
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
for i = 1, #live, 500 do
  local chunk = {unpack(live, i, math.min(i + 499, #live))}
  local values = redis.call('HMGET', KEYS[2], unpack(chunk))
  for j, id in ipairs(chunk) do
    if values[j] then
      out[#out + 1] = id
      out[#out + 1] = values[j]
    end
  end
end
return out

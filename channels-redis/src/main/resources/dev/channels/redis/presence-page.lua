-- One page of a channel's live members in join order, without reading the others.
-- KEYS[1] zset, KEYS[2] hash, KEYS[3] join order (see presence.lua)
-- ARGV[1] the join entry the page starts behind ("" from the first), ARGV[2] how many members at most
-- Returns {count of live members, join entry, value, join entry, value, ...} with up to ARGV[2] + 1
-- members: one more than asked when more follow.
__PRESENCE__
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
purge(now)
local out = {redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')}
local want = tonumber(ARGV[2]) + 1
local from = ARGV[1] == '' and '-' or '(' .. ARGV[1]
local found = 0
while found < want do
  local batch = redis.call('ZRANGEBYLEX', KEYS[3], from, '+', 'LIMIT', 0, want - found)
  if #batch == 0 then
    break
  end
  for _, entry in ipairs(batch) do
    local tab = string.find(entry, '\t', 1, true)
    local id = tab and string.sub(entry, tab + 1)
    local value = id and redis.call('HGET', KEYS[2], id)
    local expiry = value and redis.call('ZSCORE', KEYS[1], id)
    if expiry and tonumber(expiry) > now and join_entry(value, id) == entry then
      out[#out + 1] = entry
      out[#out + 1] = value
      found = found + 1
    else
      -- no member behind it (removed by an earlier version of the engine, which knew no join order): drop it
      redis.call('ZREM', KEYS[3], entry)
    end
  end
  from = '(' .. batch[#batch]
end
return out

-- Shared by the presence scripts (included where __PRESENCE__ stands). KEYS[1] the channel's zset
-- (client id -> expiry ms, Redis's clock), KEYS[2] its hash (client id -> "<join seq>\t<info>"), KEYS[3]
-- its join order: a zset whose scores are all 0 and whose members are join entries, so that ZRANGEBYLEX
-- walks the members in join order.

-- The join entry of a member: its join sequence zero-padded to 20 digits, a tab, its client id; nil
-- for a hash value this engine did not write.
local function join_entry(value, id)
  local seq = string.match(value, '^(%d+)\t')
  if not seq then
    return nil
  end
  return string.rep('0', 20 - #seq) .. seq .. '\t' .. id
end

-- Drops the members whose entries lapsed (expiry at or before now) from all three keys. Each lapsed
-- member is dropped once, so the work adds up to no more than the adds that made the members.
local function purge(now)
  local lapsed = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
  for i = 1, #lapsed, 500 do
    local chunk = {unpack(lapsed, i, math.min(i + 499, #lapsed))}
    local values = redis.call('HMGET', KEYS[2], unpack(chunk))
    local entries = {}
    for j, id in ipairs(chunk) do
      local entry = values[j] and join_entry(values[j], id)
      if entry then
        entries[#entries + 1] = entry
      end
    end
    if #entries > 0 then
      redis.call('ZREM', KEYS[3], unpack(entries))
    end
    redis.call('HDEL', KEYS[2], unpack(chunk))
  end
  if #lapsed > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  end
end

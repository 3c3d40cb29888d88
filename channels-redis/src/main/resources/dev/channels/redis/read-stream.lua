-- The opening of history.lua and history-before.lua (LuaScript.load puts it for __READ_STREAM__): reads the
-- channel's stream, creating it (new epoch, lease) when it has none and history is on, and trimming what
-- outlived the TTL; returns {'', 0, {}} when history is off and there is no stream. Leaves `epoch` and
-- `top` (the top offset) for the rest of the script.
-- KEYS[1] stream, KEYS[2] meta (see publish.lua)
-- ARGV[3] ttl (ms; 0: history off, so neither create nor trim), ARGV[4] epoch for a new stream,
-- ARGV[5] lease (ms): a new stream lives at least this long (the joiner that reads it has just subscribed,
-- and its heartbeat renews the stream from then on)
local stream, meta = KEYS[1], KEYS[2]
local ttl = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local epoch = redis.call('HGET', meta, 'e')
if (not epoch) and ttl <= 0 then
  return {'', 0, {}}
end
if not epoch then
  epoch = ARGV[4]
  redis.call('DEL', stream)
  redis.call('HSET', meta, 'e', epoch, 's', 0)
  redis.call('PEXPIRE', meta, math.max(ttl, tonumber(ARGV[5])))
end

if ttl > 0 then
__TRIM__
end

local top = tonumber(redis.call('HGET', meta, 's'))

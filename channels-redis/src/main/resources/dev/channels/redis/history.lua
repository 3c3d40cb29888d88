-- Reads a channel's stream: its top position and the retained entries after an offset.
-- KEYS[1] stream, KEYS[2] meta (see publish.lua)
-- ARGV[1] since, ARGV[2] limit, ARGV[3] ttl (ms; 0: history off, so neither create nor trim), ARGV[4] epoch for a new stream,
-- ARGV[5] lease (ms): a new stream lives at least this long (the joiner that reads it has just subscribed,
-- and its heartbeat renews the stream from then on)
-- Returns {epoch, top offset, entries}; each entry is {id "<offset>-0", {"d", data, "t", time}}.
local stream, meta = KEYS[1], KEYS[2]
local since, limit, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
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
local entries = {}
if limit > 0 and since < top then
  entries = redis.call('XRANGE', stream, string.format('%d-0', since + 1), '+', 'COUNT', limit)
end
return {epoch, top, entries}

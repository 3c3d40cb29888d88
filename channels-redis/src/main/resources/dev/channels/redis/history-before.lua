-- Reads a channel's stream from its newest end (Broker.historyBefore): its top position and the newest
-- retained entries with offsets below an offset, newest first (XREVRANGE: the cost is the entries read,
-- not the stream's length). Creates and trims the stream exactly as history.lua does.
-- KEYS[1] stream, KEYS[2] meta (see publish.lua)
-- ARGV[1] before (0: from the newest entry), ARGV[2] limit, ARGV[3] ttl (ms; 0: history off, so neither
-- create nor trim), ARGV[4] epoch for a new stream, ARGV[5] lease (ms; see history.lua)
-- Returns {epoch, top offset, entries}; each entry is {id "<offset>-0", {"d", data, "t", time}}, newest first.
local stream, meta = KEYS[1], KEYS[2]
local before, limit, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
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
if limit > 0 and before ~= 1 then
  local max = '+'
  if before > 1 then
    max = string.format('%d-0', before - 1)
  end
  entries = redis.call('XREVRANGE', stream, max, '-', 'COUNT', limit)
end
return {epoch, top, entries}

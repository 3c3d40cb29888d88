-- Reads a channel's stream from its newest end (Broker.historyBefore): its top position and the newest
-- retained entries with offsets below an offset, newest first (XREVRANGE: the cost is the entries read,
-- not the stream's length). Creates and trims the stream as history.lua does (read-stream.lua).
-- KEYS[1] stream, KEYS[2] meta (see publish.lua)
-- ARGV[1] before (0: from the newest entry), ARGV[2] limit, ARGV[3] ttl, ARGV[4] epoch for a new stream,
-- ARGV[5] lease (see read-stream.lua)
-- Returns {epoch, top offset, entries}; each entry is {id "<offset>-0", {"d", data, "t", time}}, newest first.
local before, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
__READ_STREAM__
local entries = {}
if limit > 0 and before ~= 1 then
  local max = '+'
  if before > 1 then
    max = string.format('%d-0', before - 1)
  end
  entries = redis.call('XREVRANGE', stream, max, '-', 'COUNT', limit)
end
return {epoch, top, entries}

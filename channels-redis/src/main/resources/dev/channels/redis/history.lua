-- Reads a channel's stream: its top position and the retained entries after an offset.
-- KEYS[1] stream, KEYS[2] meta (see publish.lua)
-- ARGV[1] since, ARGV[2] limit, ARGV[3] ttl, ARGV[4] epoch for a new stream, ARGV[5] lease (see read-stream.lua)
-- Returns {epoch, top offset, entries}; each entry is {id "<offset>-0", {"d", data, "t", time}}.
local since, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
__READ_STREAM__
local entries = {}
if limit > 0 and since < top then
  entries = redis.call('XRANGE', stream, string.format('%d-0', since + 1), '+', 'COUNT', limit)
end
return {epoch, top, entries}

-- Each request a filter text never asked before (the same matches): what a first ask of a CQL2 filter
-- costs, parse included. The URL given to wrk ends with a filter; this adds "AND event_count>=-N".
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "%20AND%20event_count%3E%3D-" .. n)
end

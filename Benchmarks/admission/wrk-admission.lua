-- wrk script: POST the sample admission requests in turn, each with a uid of its own, so every
-- request is a real decision written to the audit trail (a repeated uid would be answered from it).
--
-- Every request is also a new edit of the deployment process, its largest file: the proposed
-- side's package id of the database step gets the request's number, an edit GP001 allows, so each
-- sample keeps its outcome. The base repeats (the project as it stands), as do the files the edit
-- leaves alone, as they would between real edits; the service's document cache sees the edited
-- file only once.
--
-- Each sample is cut once, at load, around the two places that change, and a request is those
-- pieces joined: searching the 24 KB body with a Lua pattern per request cost wrk ~0.4 ms of CPU,
-- which on a 2-core machine took the server's CPU away and capped wrk itself near 2,300/s.
local samples = { "allowed", "denied", "warned", "waived" }
local token = os.getenv("LOCKSTEP_TOKEN")
local folder = os.getenv("LOCKSTEP_SAMPLES")
local package = 'Octopus.Action.Package.PackageId = \\"checkout-api.database'

-- { before the edit point, between it and the uid's value, after the uid's value }; the edit
-- point is nil when the sample has no such package id on its proposed side.
local function cut(body)
  local proposed = body:find('"proposed"', 1, true)
  local at = proposed and body:find(package, proposed, true)
  local uid_start, uid_end = body:find('"uid": "[^"]*"')
  assert(uid_start, "a sample without a uid")
  local value_start = uid_start + #'"uid": "'
  if at and at + #package - 1 < value_start then
    local edit = at + #package - 1
    return { body:sub(1, edit), body:sub(edit + 1, value_start - 1), body:sub(uid_end) }
  end
  return { "", body:sub(1, value_start - 1), body:sub(uid_end), plain = true }
end

local pieces = {}
for index, name in ipairs(samples) do
  local file = assert(io.open(folder .. "/" .. name .. ".json", "r"))
  pieces[index] = cut(file:read("*a"))
  file:close()
end

local counter = 0
-- A prefix per wrk thread and run, set by setup(), so uids never repeat across threads or runs.
prefix = "bench-"

function setup(thread)
  math.randomseed(os.time())
  thread:set("prefix", string.format("bench-%d-%d-", os.time(), math.random(1, 1000000000)))
end

local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }

function request()
  counter = counter + 1
  local piece = pieces[(counter % #pieces) + 1]
  local edit = piece.plain and "" or ("-" .. counter)
  local body = piece[1] .. edit .. piece[2] .. prefix .. counter .. piece[3]
  return wrk.format("POST", "/v1/admission", headers, body)
end

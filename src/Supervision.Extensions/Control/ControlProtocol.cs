using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.Extensions.Control;

/// <summary>
/// One request on the control socket, one JSON object on one line: <c>{"command":"status"}</c>,
/// <c>{"command":"scale","type":"web","count":3}</c>, <c>{"command":"restart","type":"web","instance":2}</c>,
/// <c>{"command":"signal","type":"web","instance":2,"signal":"HUP"}</c>, <c>{"command":"logs","type":"web","follow":true}</c>.
/// </summary>
internal sealed record ControlRequestLine(string? Command, string? Type, int? Instance, int? Count, string? Signal, bool Follow);

/// <summary>
/// One line of an answer. An action ends with <c>{"ok":true,"status":…}</c> or <c>{"ok":false,"error":"…"}</c>;
/// <c>logs</c> sends one <c>{"line":…}</c> per output line first (and, following, goes on until either side leaves).
/// </summary>
internal sealed record ControlReplyLine(bool Ok, string? Error = null, ControlStatus? Status = null, ControlOutputLine? Line = null);

/// <summary>The tree, flat: every instance of every type in start order.</summary>
internal sealed record ControlStatus(SupervisorState State, IReadOnlyList<ControlInstance> Instances);

/// <summary>One instance; the uptime in seconds, the last exit as its one-line summary.</summary>
internal sealed record ControlInstance(string Type, int Instance, string Name, InstanceState State, int? Pid, int Restarts, double? UptimeSeconds, string? LastExit);

/// <summary>One output line of an instance.</summary>
internal sealed record ControlOutputLine(DateTimeOffset Timestamp, string Source, string Text, bool IsError);

/// <summary>The control socket's JSON, source generated: names in camel case, states as their names, nulls left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ControlRequestLine))]
[JsonSerializable(typeof(ControlReplyLine))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;

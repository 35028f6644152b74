using System.Text.Json;
using System.Text.Json.Serialization;

namespace Supervision.AspNetCore.Json;

/// <summary>
/// Every JSON shape of the endpoints, source generated: no reflection, and the same output whatever JSON options the
/// application configures. States, reasons and kinds are written as their names (<c>"state":"Running"</c>).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(EventResponse))]
[JsonSerializable(typeof(ScaleRequest))]
[JsonSerializable(typeof(SignalRequest))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class SupervisionJsonContext : JsonSerializerContext;

using System.Text.Json.Nodes;

namespace DeepQ.Cli.Output;

/// <summary>Helpers for result objects: JSON has no NaN or infinity, so those become null.</summary>
internal static class Json
{
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

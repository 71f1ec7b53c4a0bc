namespace DeepQ.Nn.Files;

/// <summary>
/// A named float32 tensor as stored in a file (state_dict entry). <see cref="Dtype"/> is the
/// file's element type in safetensors spelling (F32, F64, F16, BF16 are converted to float32
/// in <see cref="Data"/>; other types such as I64 arrive with empty Data and cannot be loaded
/// into a parameter).
/// </summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data, string Dtype = "F32")
{
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    public static string ShapeText(int[] shape) => "[" + string.Join(", ", shape) + "]";
}

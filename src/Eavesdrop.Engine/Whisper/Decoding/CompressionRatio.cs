using System.IO.Compression;
using System.Text;

namespace Eavesdrop.Engine.Whisper.Decoding;

/// <summary>whisper's <c>compression_ratio</c>: UTF-8 length over zlib-compressed length (repetitive text compresses well).</summary>
internal static class CompressionRatio
{
    public static double Of(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0)
        {
            return 0;
        }

        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(bytes);
        }

        return (double)bytes.Length / buffer.Length;
    }
}

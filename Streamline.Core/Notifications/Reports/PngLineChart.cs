using System.Buffers.Binary;
using System.IO.Compression;

namespace Streamline.Core.Notifications.Reports;

/// <summary>
/// A small line chart as a PNG, drawn pixel by pixel: this period's series as a solid line, the previous period's as a
/// lighter one, over faint gridlines. Mail clients show no script or SVG reliably, so a report mail carries an image;
/// this needs no native library (SkiaSharp would need libSkiaSharp on every host) and the words live in the mail text.
/// </summary>
public static class PngLineChart
{
    public const int Width = 504;
    public const int Height = 200;
    private const int Margin = 12;

    private static readonly (byte R, byte G, byte B) Background = (255, 255, 255);
    private static readonly (byte R, byte G, byte B) Grid = (232, 233, 240);
    private static readonly (byte R, byte G, byte B) Current = (91, 91, 214);
    private static readonly (byte R, byte G, byte B) Earlier = (184, 186, 204);

    public static byte[] Render(IReadOnlyList<long> current, IReadOnlyList<long> previous)
    {
        var pixels = new byte[Width * Height * 3];
        Fill(pixels, Background);
        var max = Math.Max(1, current.Concat(previous).DefaultIfEmpty(0).Max());
        for (var i = 0; i <= 4; i++)
        {
            var y = Margin + (Height - 2 * Margin) * i / 4;
            for (var x = Margin; x < Width - Margin; x++) Set(pixels, x, y, Grid);
        }
        Line(pixels, previous, max, Earlier, thickness: 1);
        Line(pixels, current, max, Current, thickness: 2);
        return Encode(pixels);
    }

    private static void Line(byte[] pixels, IReadOnlyList<long> values, long max, (byte, byte, byte) colour, int thickness)
    {
        if (values.Count == 0) return;
        (int X, int Y) Point(int i) => (
            Margin + (values.Count == 1 ? (Width - 2 * Margin) / 2 : (Width - 2 * Margin - 1) * i / (values.Count - 1)),
            Height - Margin - 1 - (int)((Height - 2 * Margin - 1) * Math.Max(0, values[i]) / max));
        var previous = Point(0);
        Dot(pixels, previous.X, previous.Y, colour, thickness + 1);
        for (var i = 1; i < values.Count; i++)
        {
            var next = Point(i);
            Segment(pixels, previous, next, colour, thickness);
            Dot(pixels, next.X, next.Y, colour, thickness + 1);
            previous = next;
        }
    }

    /// <summary>Bresenham's line, each step stamped with a square of the thickness.</summary>
    private static void Segment(byte[] pixels, (int X, int Y) from, (int X, int Y) to, (byte, byte, byte) colour, int thickness)
    {
        int x = from.X, y = from.Y, dx = Math.Abs(to.X - x), dy = -Math.Abs(to.Y - y);
        int sx = x < to.X ? 1 : -1, sy = y < to.Y ? 1 : -1, error = dx + dy;
        while (true)
        {
            Dot(pixels, x, y, colour, thickness);
            if (x == to.X && y == to.Y) return;
            var e2 = 2 * error;
            if (e2 >= dy) { error += dy; x += sx; }
            if (e2 <= dx) { error += dx; y += sy; }
        }
    }

    private static void Dot(byte[] pixels, int cx, int cy, (byte, byte, byte) colour, int size)
    {
        for (var y = cy - size / 2; y <= cy + (size - 1) / 2; y++)
        for (var x = cx - size / 2; x <= cx + (size - 1) / 2; x++)
            Set(pixels, x, y, colour);
    }

    private static void Set(byte[] pixels, int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= Width || y >= Height) return;
        var i = (y * Width + x) * 3;
        pixels[i] = c.R;
        pixels[i + 1] = c.G;
        pixels[i + 2] = c.B;
    }

    private static void Fill(byte[] pixels, (byte R, byte G, byte B) c)
    {
        for (var i = 0; i < pixels.Length; i += 3) (pixels[i], pixels[i + 1], pixels[i + 2]) = (c.R, c.G, c.B);
    }

    /// <summary>PNG (RFC 2083): signature, IHDR (8-bit RGB), one zlib IDAT of filter-0 rows, IEND.</summary>
    private static byte[] Encode(byte[] pixels)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: RGB
        Chunk(png, "IHDR", header);

        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                zlib.WriteByte(0); // no filter
                zlib.Write(pixels, y * Width * 3, Width * 3);
            }
        }
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        png.Write(four);
        var typeAndData = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++) typeAndData[i] = (byte)type[i];
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typeAndData));
        png.Write(four);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    private static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}

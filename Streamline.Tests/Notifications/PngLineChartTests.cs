using System.Buffers.Binary;
using System.IO.Compression;
using Streamline.Core.Notifications.Reports;

namespace Streamline.Tests.Notifications;

public class PngLineChartTests
{
    [Fact]
    public void The_chart_is_a_valid_png_of_its_size_with_both_lines_drawn()
    {
        var png = PngLineChart.Render([1, 5, 3, 8, 2, 0, 4], [2, 2, 2, 2, 2, 2, 2]);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = Chunks(png).ToList();
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.All(chunks, c => Assert.True(c.CrcMatches, $"{c.Type} has a wrong CRC"));
        var header = chunks[0].Data;
        Assert.Equal((PngLineChart.Width, PngLineChart.Height, (byte)8, (byte)2),
            (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), header[8], header[9]));

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var rows = inflated.ToArray();
        Assert.Equal(PngLineChart.Height * (1 + PngLineChart.Width * 3), rows.Length);
        var colours = Enumerable.Range(0, PngLineChart.Height).SelectMany(y => Enumerable.Range(0, PngLineChart.Width)
            .Select(x => { var i = y * (1 + PngLineChart.Width * 3) + 1 + x * 3; return (rows[i], rows[i + 1], rows[i + 2]); })).ToHashSet();
        Assert.Contains(((byte)91, (byte)91, (byte)214), colours);   // this period
        Assert.Contains(((byte)184, (byte)186, (byte)204), colours); // the period before
    }

    [Fact]
    public void An_empty_or_all_zero_period_still_draws_a_chart()
    {
        Assert.Equal(0x89, PngLineChart.Render([], [])[0]);
        Assert.Equal(0x89, PngLineChart.Render([0, 0, 0], [0])[0]);
    }

    private static IEnumerable<(string Type, byte[] Data, bool CrcMatches)> Chunks(byte[] png)
    {
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png[(at + 8)..(at + 8 + length)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            yield return (type, data, crc == Crc32(png[(at + 4)..(at + 8 + length)]));
            at += 12 + length;
        }
    }

    private static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}

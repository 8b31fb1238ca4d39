namespace Streamline.Tests.Channels;

/// <summary>Real webhook bodies from providers' docs and open-source projects (Fixtures/SOURCES.md says where each comes from).</summary>
public static class ChannelFixtures
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Channels", "Fixtures", name));
}

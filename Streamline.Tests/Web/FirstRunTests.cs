using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Streamline.Tests.Support;

namespace Streamline.Tests.Web;

/// <summary>
/// `dotnet run --project Streamline.Web` as a newcomer types it, with its launch profile, on a fresh data folder:
/// each way of choosing the address is honoured, and the console says what the first run does and where to go.
/// </summary>
public sealed class FirstRunTests
{
    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("--urls")]
    [InlineData("Urls")]
    public async Task Dotnet_run_listens_where_it_is_told_and_says_so(string how)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var run = DotnetRun.Start(how, url);

        var output = await run.WaitForAsync($"Streamline is ready: open {url}", TimeSpan.FromSeconds(150));

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{url}/health/live")).StatusCode);
        Assert.Contains("Creating the database…", output);
        Assert.Matches(@"Applying \d+ migrations?…", output);
        Assert.Contains("Seeding demo data…", output);
        Assert.Contains("mail goes to", output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class DotnetRun : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly string _dataDirectory = TestEnvironment.NewTempDirectory("streamline-firstrun");

        private DotnetRun(string how, string url)
        {
            // …/Streamline.Tests/bin/<Configuration>/<tfm>/: run the web project as built beside these tests.
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent!.Name;
            var repository = tfm.Parent!.Parent!.Parent!.Parent!.FullName;
            var info = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "run", "--project", "Streamline.Web", "-c", configuration, "--no-build" }) info.ArgumentList.Add(arg);
            foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "Urls", "URLS", "ASPNETCORE_ENVIRONMENT" })
                info.Environment.Remove(inherited);
            info.Environment["Streamline__DataDirectory"] = _dataDirectory;
            switch (how)
            {
                case "--urls":
                    info.ArgumentList.Add("--");
                    info.ArgumentList.Add("--urls");
                    info.ArgumentList.Add(url);
                    break;
                default:
                    info.Environment[how] = url;
                    break;
            }
            _process = new Process { StartInfo = info };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public static DotnetRun Start(string how, string url) => new(how, url);

        public async Task<string> WaitForAsync(string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                var output = Output;
                if (output.Contains(text, StringComparison.Ordinal)) return output;
                if (_process.HasExited || DateTime.UtcNow > deadline)
                    Assert.Fail($"No \"{text}\" from dotnet run ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")}):\n{output}");
                await Task.Delay(200);
            }
        }

        private string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(15));
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }
            _process.Dispose();
            try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}

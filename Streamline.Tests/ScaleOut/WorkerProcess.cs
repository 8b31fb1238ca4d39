using System.Diagnostics;
using System.Text;

namespace Streamline.Tests.ScaleOut;

/// <summary>
/// One real Streamline.Workers process (the separately deployed Hangfire server), started from the
/// build output the test project builds beside itself. Its stdout and stderr are kept for failure messages.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Streamline.Workers.dll of the same configuration and target framework as this test assembly.</summary>
    public static string WorkersAssembly
    {
        get
        {
            // …/Streamline.Tests/bin/<Configuration>/<tfm>/
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = tfm.Parent!;
            var repository = configuration.Parent!.Parent!.Parent!;
            var path = Path.Combine(repository.FullName, "Streamline.Workers", "bin", configuration.Name, tfm.Name, "Streamline.Workers.dll");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException(
                    $"Streamline.Workers is not built at {path}. The test project references it, so building the tests builds it.", path);
        }
    }

    public static WorkerProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var assembly = WorkersAssembly;
        var info = new ProcessStartInfo(DotnetHost(), [assembly])
        {
            // The host's content root is the working directory: appsettings.json is read from there.
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(name, process);
        process.OutputDataReceived += (_, e) => worker.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append("err", e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>The last part of the output, for an assertion message.</summary>
    public string Describe(int maxChars = 6000)
    {
        var output = Output;
        if (output.Length > maxChars) output = "…" + output[^maxChars..];
        var state = _process.HasExited ? $"exited with {_process.ExitCode}" : "running";
        return $"--- {Name} (pid {ProcessId}, {state}) ---\n{output}";
    }

    private void Append(string stream, string? line)
    {
        if (line is null) return;
        lock (_output) _output.Append(stream).Append("| ").AppendLine(line);
    }

    /// <summary>The dotnet host running these tests, so the worker runs on the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
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
    }
}

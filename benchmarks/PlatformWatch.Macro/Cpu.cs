using System.Diagnostics;
using System.Globalization;

namespace PlatformWatch.Macro;

/// <summary>CPU time of the machine and of the processes that share it, read from /proc at one moment.</summary>
public sealed record CpuSnapshot(long Stamp, long Busy, IReadOnlyDictionary<int, (string Group, long Ticks)> Processes);

/// <summary>
/// Where the CPU goes during a drain: the consumer (the worker process, or this one for a to c),
/// the benchmark's PostgreSQL server (its postmaster and every backend), its RabbitMQ node (the
/// beam.smp listening on the broker's port) and the rest (other programs on the machine included),
/// as a share of one core. On a machine of few cores this says which process is the ceiling.
/// </summary>
public static class Cpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private const string Consumer = "\u0001consumer";
    private static readonly string[] Servers = ["PostgreSQL", "RabbitMQ"];
    private static int? _postmaster;
    private static int? _rabbitMq;

    /// <summary>Finds the database server from one of its backends (alive now), when on this machine.</summary>
    public static void LocatePostgres(int backend) => _postmaster = File.Exists($"/proc/{backend}/stat") ? ParentOf(backend) : null;

    /// <summary>Finds the RabbitMQ node listening on the port, when on this machine.</summary>
    public static void LocateBroker(int brokerPort)
    {
        foreach (var pid in Pids())
        {
            try
            {
                if (Comm(File.ReadAllText($"/proc/{pid}/stat")) == "beam.smp"
                    && File.ReadAllText($"/proc/{pid}/environ").Split('\0').Contains($"RABBITMQ_NODE_PORT={brokerPort}"))
                {
                    _rabbitMq = pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>What was found, for the report.</summary>
    public static string Located => $"RabbitMQ node {(_rabbitMq is null ? "not found" : "pid " + _rabbitMq)}, PostgreSQL postmaster {(_postmaster is null ? "not found" : "pid " + _postmaster)}";

    private static IEnumerable<int> Pids() => Directory.EnumerateDirectories("/proc")
        .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
        .Where(pid => pid > 0);

    private static string Comm(string stat) => stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];

    private static int? ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Now, with <paramref name="consumerPid"/> counted as the consumer.</summary>
    public static CpuSnapshot Take(int consumerPid)
    {
        var processes = new Dictionary<int, (string, long)>();
        foreach (var pid in Pids())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }

            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var group = pid == consumerPid ? Consumer
                : pid == _rabbitMq ? "RabbitMQ"
                : _postmaster is { } postmaster && (pid == postmaster || parent == postmaster) ? "PostgreSQL"
                : Comm(stat) is var comm && comm.StartsWith("kworker", StringComparison.Ordinal) ? "kernel workers" : Comm(stat);
            processes[pid] = (group, long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }

        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var busy = cpu.Sum() - cpu[3] - cpu[4] - (cpu.Length > 8 ? cpu[8] + cpu[9] : 0); // less idle, iowait, guest (counted in user already)
        return new CpuSnapshot(Stopwatch.GetTimestamp(), busy, processes);
    }

    /// <summary>"worker 95%, PostgreSQL 60%, RabbitMQ 20%, other 5% (…), idle 20% (of 200%)": shares of one core.</summary>
    public static string Describe(CpuSnapshot before, CpuSnapshot after, string consumer)
    {
        var seconds = Stopwatch.GetElapsedTime(before.Stamp, after.Stamp).TotalSeconds;
        string Share(long ticks) => (ticks / TicksPerSecond / seconds * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
        // Per process: its time since the first snapshot (all of it if it started since); by group.
        var groups = after.Processes
            .Select(p => (p.Value.Group, Ticks: p.Value.Ticks - (before.Processes.TryGetValue(p.Key, out var b) ? b.Ticks : 0)))
            .GroupBy(p => p.Group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Ticks), StringComparer.Ordinal);
        var parts = new List<string> { $"{consumer} {Share(groups.GetValueOrDefault(Consumer))}" };
        parts.AddRange(Servers.Where(groups.ContainsKey).Select(g => $"{g} {Share(groups[g])}"));
        var others = groups.Where(g => g.Key is not (Consumer or "PostgreSQL" or "RabbitMQ")).OrderByDescending(g => g.Value).ToList();
        var named = groups.Where(g => g.Key is Consumer or "PostgreSQL" or "RabbitMQ").Sum(g => g.Value);
        var notable = others.Where(g => g.Value / TicksPerSecond / seconds >= 0.05).Take(3).Select(g => $"{g.Key} {Share(g.Value)}").ToList();
        var busy = after.Busy - before.Busy;
        var capacity = Environment.ProcessorCount * seconds * TicksPerSecond;
        parts.Add($"other {Share(Math.Max(0, busy - named))}{(notable.Count > 0 ? $" ({string.Join(", ", notable)})" : "")}");
        parts.Add($"idle {Share((long)Math.Max(0, capacity - busy))}");
        return $"CPU {string.Join(", ", parts)} (of {Environment.ProcessorCount * 100}%)";
    }
}

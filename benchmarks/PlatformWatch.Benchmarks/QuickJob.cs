using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace PlatformWatch.Benchmarks;

/// <summary>
/// The <c>--quick</c> job: in process (no generated project to build, which alone takes about a
/// minute and a half on two cores), one launch, at least 15 warm-up iterations (the engine takes
/// some 3 s to reach its steady state in a fresh process) and 10 measured iterations of about 200 ms. For numbers at a glance; the default job (out of process, more
/// iterations) for tight intervals.
/// </summary>
internal static class QuickJob
{
    /// <summary>The job.</summary>
    public static Job Create() => Job.Default
        .WithId("Quick")
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithMinWarmupCount(15)
        .WithIterationCount(10)
        .WithIterationTime(TimeInterval.FromMilliseconds(200));
}

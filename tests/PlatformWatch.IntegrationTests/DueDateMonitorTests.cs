using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PlatformWatch.Contracts;
using PlatformWatch.Hosting;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

/// <summary>
/// Obligations fall due without any event arriving: the worker's scheduler, on a clock the test
/// moves, raises the overdue finding the day after the due date and not before.
/// </summary>
[TestFixture]
internal sealed class A_report_falling_due_while_the_worker_runs
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 30, 12, 0, 0, TimeSpan.Zero));
    private IHost _host = null!;
    private CaseStore _store = null!;
    private IReadOnlyList<StoredFinding> _onTheDueDate = [];
    private IReadOnlyList<StoredFinding> _theDayAfter = [];

    [OneTimeSetUp]
    public async Task RunTheClock()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Store:Connection"] = Path.Combine(Cli.TempFolder(), "due.db");
        builder.Configuration["Rules:DueDateCheckInterval"] = "01:00:00";
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddCaseStore().AddRuleProfiles().AddPlatformWatchWorker(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync();
        _store = _host.Services.GetRequiredService<CaseStore>();

        await _host.Services.GetRequiredService<IBus>().Publish(new ReportingObligationSet
        {
            EventId = "ob-1",
            OccurredAt = new DateTimeOffset(2025, 1, 10, 0, 0, 0, TimeSpan.Zero),
            Source = "test",
            ObligationId = "SAMR-REMEDY-7",
            PlatformId = "shopco",
            Jurisdiction = "CN",
            ReportType = ReportType.CnRemedySelfInspection,
            DueDates = [new DateOnly(2025, 3, 31)],
            LegalBasis = "SAMR remedy decision (2025) No. 7",
        });
        await WaitUntilAsync(async () => (await _store.Ingestion.CountAsync()).Processed == 1);

        _clock.Advance(TimeSpan.FromDays(1));
        await WaitForCheckAsync(new DateOnly(2025, 3, 31));
        _onTheDueDate = await _store.Findings.ListAsync();

        _clock.Advance(TimeSpan.FromDays(1));
        await WaitForCheckAsync(new DateOnly(2025, 4, 1));
        _theDayAfter = await _store.Findings.ListAsync();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task WaitForCheckAsync(DateOnly day)
    {
        await WaitUntilAsync(async () =>
        {
            await using var session = await _store.BeginAsync();
            return await session.Ingestion.ClockMarkAsync(EventProcessor.DueDateMark) >= day;
        });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for the worker");
            }

            await Task.Delay(50);
        }
    }

    [Test]
    public void Should_not_find_anything_on_the_due_date() => Assert.That(_onTheDueDate, Is.Empty);

    [Test]
    public void Should_find_the_report_overdue_the_day_after()
    {
        var overdue = _theDayAfter.Single();
        Assert.Multiple(() =>
        {
            Assert.That(overdue.RuleId, Is.EqualTo("CN-REPORT-OVERDUE"));
            Assert.That(overdue.Severity, Is.EqualTo("critical"));
            Assert.That(overdue.PeriodStart, Is.EqualTo(new DateOnly(2025, 3, 31)));
            Assert.That(overdue.CaseId, Is.Not.Null);
        });
    }
}

using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using PlatformWatch.Contracts;
using PlatformWatch.Store;

namespace PlatformWatch.IntegrationTests;

// The case workflow and the audit trail, on every engine.
public abstract partial class StoreSuite
{
    private async Task<string> OpenCaseAsync(string rule = "T-RULE", string platform = "a", Severity severity = Severity.High)
    {
        var subject = "test:" + rule;
        var changes = await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync(subject, [Draft(rule, platform, "{}", severity) with { Subject = subject }]));
        return changes.Single().Finding.CaseId!;
    }

    [Test]
    public async Task A_case_moves_through_the_workflow_and_closes_with_an_outcome()
    {
        var caseId = await OpenCaseAsync();
        await Store.Cases.AssignAsync(caseId, "alice", new DateOnly(2026, 1, 31), "supervisor");
        await Store.Cases.CommentAsync(caseId, "alice", "internal", "store blocking confirmed by two merchants");
        await Store.Cases.CommentAsync(caseId, "alice", "shared", "please explain the blocking policy");
        foreach (var status in new[] { "triaged", "investigating", "notice-issued", "platform-responded" })
        {
            await Store.Cases.TransitionAsync(caseId, status, null, "alice");
        }

        await Store.Cases.TransitionAsync(caseId, "closed", "rectification-ordered", "alice", "commitments accepted");
        var detail = (await Store.Cases.GetAsync(caseId))!;
        Assert.Multiple(() =>
        {
            Assert.That(detail.Case.Status, Is.EqualTo("closed"));
            Assert.That(detail.Case.Outcome, Is.EqualTo("rectification-ordered"));
            Assert.That(detail.Case.Assignee, Is.EqualTo("alice"));
            Assert.That(detail.Case.DueAt, Is.EqualTo(new DateOnly(2026, 1, 31)));
            Assert.That(detail.Case.ClosedAt, Is.Not.Null);
            Assert.That(detail.Comments.Select(c => c.Visibility), Is.EqualTo(new[] { "internal", "shared" }));
            Assert.That(detail.Audit.Select(a => a.Action), Is.EqualTo(new[] { "opened", "finding-joined", "assigned", "commented", "commented", "transitioned", "transitioned", "transitioned", "transitioned", "transitioned" }));
            Assert.That(detail.Findings.Single().RuleId, Is.EqualTo("T-RULE"));
        });
    }

    [TestCase("new", "notice-issued", null, "cannot move to notice-issued")]
    [TestCase("new", "closed", null, "closing needs an outcome")]
    [TestCase("new", "closed", "fined", "closing needs an outcome")]
    [TestCase("new", "triaged", "warning", "an outcome is given only when closing")]
    [TestCase("new", "archived", null, "unknown status 'archived'")]
    public async Task The_workflow_refuses_moves_it_does_not_allow(string from, string to, string? outcome, string reason)
    {
        var caseId = await OpenCaseAsync();
        var refused = Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.TransitionAsync(caseId, to, outcome, "alice"));
        Assert.Multiple(async () =>
        {
            Assert.That(refused!.Message, Does.Contain(reason));
            Assert.That((await Store.Cases.GetAsync(caseId))!.Case.Status, Is.EqualTo(from), "nothing changed");
        });
    }

    [Test]
    public async Task An_unknown_case_is_refused_by_name() =>
        Assert.That(Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.AssignAsync("C-NOPE-1", "alice", null, "bob"))!.Message, Is.EqualTo("no case 'C-NOPE-1'"));

    [Test]
    public async Task New_findings_for_a_closed_case_open_a_new_case_linked_to_it_and_the_old_one_cannot_reopen()
    {
        var first = await OpenCaseAsync(rule: "T-ONE");
        await Store.Cases.TransitionAsync(first, "closed", "warning", "alice");
        var second = await OpenCaseAsync(rule: "T-TWO");
        var reopen = Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.TransitionAsync(first, "investigating", null, "alice"));
        var detail = (await Store.Cases.GetAsync(second))!;
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(detail.Case.FollowsCaseId, Is.EqualTo(first));
            Assert.That(reopen!.Message, Does.Contain($"case {second} of the same platform, rule family and market is open"));
        });
    }

    [Test]
    public async Task A_closed_case_reopens_to_investigating()
    {
        var caseId = await OpenCaseAsync();
        await Store.Cases.TransitionAsync(caseId, "closed", "no-violation", "alice");
        var reopened = await Store.Cases.TransitionAsync(caseId, "investigating", null, "bob", "new complaint");
        var audit = (await Store.Cases.GetAsync(caseId))!.Audit;
        Assert.Multiple(() =>
        {
            Assert.That(reopened.Status, Is.EqualTo("investigating"));
            Assert.That(reopened.Outcome, Is.Null);
            Assert.That(audit[^1].Action, Is.EqualTo("reopened"));
            Assert.That(audit[^1].Actor, Is.EqualTo("bob"));
        });
    }

    [Test]
    public async Task Cases_list_by_filters_and_sort_from_the_allow_list()
    {
        var critical = await OpenCaseAsync(rule: "T-CRIT", platform: "a", severity: Severity.Critical);
        await Store.InTransactionAsync(s => s.Findings.ReplaceSubjectFindingsAsync("market:other", [Draft("T-MED", "b", "{}", Severity.Medium, family: "T-OTHER") with { Subject = "market:other" }]));
        await Store.Cases.AssignAsync(critical, "alice", null, "sup");
        var all = await Store.Cases.ListAsync(new CaseQuery());
        var alices = await Store.Cases.ListAsync(new CaseQuery { Assignee = "alice" });
        var unassigned = await Store.Cases.ListAsync(new CaseQuery { Unassigned = true });
        var byRule = await Store.Cases.ListAsync(new CaseQuery { RuleId = "T-MED" });
        var injected = await Store.Cases.ListAsync(new CaseQuery { PlatformId = "a' OR '1'='1" });
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(c => c.Severity), Is.EqualTo(new[] { "critical", "medium" }), "most severe first");
            Assert.That(alices.Single().CaseId, Is.EqualTo(critical));
            Assert.That(unassigned.Single().PlatformId, Is.EqualTo("b"));
            Assert.That(byRule.Single().Rules, Is.EqualTo("T-MED"));
            Assert.That(injected, Is.Empty, "filters are parameters, taken as literal text");
            Assert.That(Assert.ThrowsAsync<CaseActionException>(() => Store.Cases.ListAsync(new CaseQuery { Sort = "severity; DROP TABLE cases" }))!.Message, Does.StartWith("cannot sort by"));
        });
    }

    // ---- Audit trail
    [Test]
    public async Task An_untouched_audit_trail_verifies()
    {
        var caseId = await OpenCaseAsync();
        await Store.Cases.CommentAsync(caseId, "alice", "internal", "first look");
        var (found, entries, cases) = await Store.Cases.VerifyAuditAsync();
        Assert.Multiple(() =>
        {
            Assert.That(found, Is.Null);
            Assert.That(entries, Is.EqualTo(3));
            Assert.That(cases, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_database_refuses_to_change_or_delete_an_audit_entry()
    {
        await OpenCaseAsync();
        Assert.Multiple(() =>
        {
            Assert.That(async () => await RawAsync("UPDATE audit_entries SET actor = 'mallory'"), Throws.InstanceOf<DbException>().With.Message.Contains("append-only"));
            Assert.That(async () => await RawAsync("DELETE FROM audit_entries"), Throws.InstanceOf<DbException>().With.Message.Contains("append-only"));
        });
    }

    [Test]
    public async Task An_edited_audit_entry_is_named_by_verify()
    {
        var caseId = await OpenCaseAsync();
        await Store.Cases.CommentAsync(caseId, "alice", "internal", "the merchants were threatened");
        await DisableAuditTriggersAsync();
        await RawAsync("UPDATE audit_entries SET details = REPLACE(details, 'threatened', 'asked') WHERE seq = 3");
        var (found, _, _) = await Store.Cases.VerifyAuditAsync();
        Assert.That(found?.ToString(), Is.EqualTo($"{caseId} entry 3: its content does not match its hash (the entry was changed)"));
    }

    [Test]
    public async Task A_deleted_audit_entry_is_named_by_verify()
    {
        var caseId = await OpenCaseAsync();
        await Store.Cases.CommentAsync(caseId, "alice", "internal", "one");
        await Store.Cases.CommentAsync(caseId, "alice", "internal", "two");
        await DisableAuditTriggersAsync();
        await RawAsync("DELETE FROM audit_entries WHERE seq = 3");
        var (found, _, _) = await Store.Cases.VerifyAuditAsync();
        Assert.That(found?.ToString(), Is.EqualTo($"{caseId} entry 3: entry 3 is missing (found 4 next)"));
    }

    [Test]
    public async Task Deleting_the_last_audit_entry_is_caught_by_the_case_count()
    {
        var caseId = await OpenCaseAsync();
        await Store.Cases.CommentAsync(caseId, "alice", "internal", "to be hidden");
        await DisableAuditTriggersAsync();
        await RawAsync("DELETE FROM audit_entries WHERE seq = 3");
        var (found, _, _) = await Store.Cases.VerifyAuditAsync();
        Assert.That(found?.ToString(), Does.StartWith($"{caseId} entry 3: the case records 3 entries, 2 are left"));
    }

    [Test]
    public async Task A_forged_entry_without_the_key_is_caught()
    {
        var caseId = await OpenCaseAsync();
        var forger = CaseStore.Create(new StoreOptions { Provider = Options.Provider, Connection = Options.Connection, AuditKey = "not-the-key-of-this-database" });
        await forger.Cases.CommentAsync(caseId, "mallory", "internal", "all fine");
        var (found, _, _) = await Store.Cases.VerifyAuditAsync();
        Assert.That(found?.ToString(), Is.EqualTo($"{caseId} entry 3: its content does not match its hash (the entry was changed)"));
    }

    private async Task DisableAuditTriggersAsync() => await RawAsync(Provider switch
    {
        StoreProvider.Sqlite => "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;",
        StoreProvider.Postgres => "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
        _ => "DISABLE TRIGGER audit_entries_append_only ON audit_entries",
    });

    // What someone with direct access to the database could do.
    protected async Task RawAsync(string sql)
    {
        await using var connection = await RawConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected async Task<DbConnection> RawConnectionAsync()
    {
        DbConnection connection = Provider switch
        {
            StoreProvider.Sqlite => new SqliteConnection($"Data Source={Options.Connection}"),
            StoreProvider.Postgres => new NpgsqlConnection(Options.Connection),
            _ => new SqlConnection(Options.Connection),
        };
        await connection.OpenAsync();
        return connection;
    }
}

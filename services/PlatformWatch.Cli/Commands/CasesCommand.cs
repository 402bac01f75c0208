using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Cli.Commands;

/// <summary><c>platformwatch cases list|show|assign|comment|transition|exposure</c>: the supervisors' case work.</summary>
internal static class CasesCommand
{
    public static Command Create() => new("cases", "List, read and work the cases.")
    {
        List(),
        Show(),
        Assign(),
        Comment(),
        Transition(),
        ExposureCommand.Create(),
    };

    private static Command List()
    {
        var db = new DatabaseOptions(required: false);
        var status = new Option<string?>("--status") { Description = $"One of: {string.Join(", ", CaseWorkflow.Statuses)}." };
        var severity = new Option<string?>("--severity") { Description = "critical, high, medium or info." };
        var platform = new Option<string?>("--platform") { Description = "A platform id." };
        var market = new Option<string?>("--market") { Description = "A market id." };
        var rule = new Option<string?>("--rule") { Description = "Cases with a finding of this rule." };
        var assignee = new Option<string?>("--assignee") { Description = "Cases assigned to this regulator." };
        var unassigned = new Option<bool>("--unassigned") { Description = "Cases nobody is assigned to." };
        var olderThan = new Option<int?>("--older-than-days") { Description = "Cases opened more than N days ago." };
        var sort = new Option<string>("--sort") { Description = $"One of: {string.Join(", ", CaseWorkflow.SortColumns.Keys)}.", DefaultValueFactory = _ => "severity" };
        var ascending = new Option<bool>("--asc") { Description = "Ascending order (default descending)." };
        var limit = new Option<int>("--limit") { Description = "Page size (at most 1000).", DefaultValueFactory = _ => 100 };
        var offset = new Option<int>("--offset") { Description = "Rows to skip." };
        var json = CliOptions.JsonOutput();
        var command = new Command("list", "List cases, most severe first; overdue and unassigned ones are marked.")
        {
            status, severity, platform, market, rule, assignee, unassigned, olderThan, sort, ascending, limit, offset, json,
        };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var query = new CaseQuery
            {
                Status = parse.GetValue(status),
                Severity = parse.GetValue(severity),
                PlatformId = parse.GetValue(platform),
                MarketId = parse.GetValue(market),
                RuleId = parse.GetValue(rule),
                Assignee = parse.GetValue(assignee),
                Unassigned = parse.GetValue(unassigned),
                OpenedBefore = parse.GetValue(olderThan) is { } days ? now.AddDays(-days) : null,
                Sort = parse.GetValue(sort)!,
                Descending = !parse.GetValue(ascending),
                Limit = Math.Clamp(parse.GetValue(limit), 1, 1000),
                Offset = Math.Max(0, parse.GetValue(offset)),
            };
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var cases = await Act(() => ops.Cases.ListAsync(Actor.Operator("cli"), query, ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(cases.Select(c => Summary(c, now)), CliOptions.Json));
                return ExitCodes.Ok;
            }

            Console.WriteLine(cases.Count == 0 ? "No cases." : RulesCommand.Table(
                ["CASE", "SEVERITY", "STATUS", "PLATFORM", "MARKET", "RULES", "AUTHORITY", "ASSIGNEE", "AGE", "DUE"],
                cases.Select(c => new[]
                {
                    c.CaseId, c.Severity, c.Status, c.PlatformId ?? "-", c.MarketId ?? "-", c.Rules ?? "", c.OwnerAuthorityId,
                    c.Assignee ?? "UNASSIGNED", $"{c.AgeDays(now)}d",
                    c.DueAt is { } due ? due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (c.IsOverdue(now) ? " OVERDUE" : "") : "-",
                })));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var db = new DatabaseOptions(required: false);
        var id = new Argument<string>("ID") { Description = "The case id." };
        var json = CliOptions.JsonOutput();
        var command = new Command("show", "A case in full: findings with measured values, thresholds and law; evidence; comments; audit trail.") { id, json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var caseId = parse.GetValue(id)!;
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var detail = (await Act(() => ops.Cases.ReadAsync(Actor.Operator("cli"), caseId, "cases show", ct))).Detail;
            Console.WriteLine(parse.GetValue(json) ? Json(detail).ToJsonString(CliOptions.Json) : Text(detail));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Assign()
    {
        var db = new DatabaseOptions(required: false);
        var id = new Argument<string>("ID") { Description = "The case id." };
        var to = new Option<string>("--to") { Description = "The regulator to assign.", Required = true };
        var due = new Option<string?>("--due") { Description = "Due date YYYY-MM-DD." };
        var actor = CliOptions.Actor();
        var json = CliOptions.JsonOutput();
        var command = new Command("assign", "Assign a case to a regulator (and set its due date).") { id, to, due, actor, json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var dueAt = parse.GetValue(due) is { } text
                ? DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new UsageException($"--due must be a date YYYY-MM-DD, was '{text}'")
                : (DateOnly?)null;
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var updated = await Act(() => ops.Cases.AssignAsync(Actor.Operator(parse.GetValue(actor)!), parse.GetValue(id)!, parse.GetValue(to)!, dueAt, ct));
            return Done(parse.GetValue(json), updated, $"{updated.CaseId} assigned to {updated.Assignee}{(updated.DueAt is { } at ? $", due {at:yyyy-MM-dd}" : "")}.");
        });
        return command;
    }

    private static Command Comment()
    {
        var db = new DatabaseOptions(required: false);
        var id = new Argument<string>("ID") { Description = "The case id." };
        var text = new Option<string>("--text") { Description = "The comment.", Required = true };
        var shared = new Option<bool>("--shared") { Description = "Share it with the platform (default: internal, regulators only)." };
        var actor = CliOptions.Actor();
        var json = CliOptions.JsonOutput();
        var command = new Command("comment", "Comment on a case, internally or shared with the platform.") { id, text, shared, actor, json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var visibility = parse.GetValue(shared) ? "shared" : "internal";
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var comment = await Act(() => ops.Cases.CommentAsync(Actor.Operator(parse.GetValue(actor)!), parse.GetValue(id)!, visibility, parse.GetValue(text)!, ct));
            return Done(parse.GetValue(json), comment, $"{comment.CommentId} added to {comment.CaseId} ({visibility}).");
        });
        return command;
    }

    private static Command Transition()
    {
        var db = new DatabaseOptions(required: false);
        var id = new Argument<string>("ID") { Description = "The case id." };
        var to = new Option<string>("--to") { Description = $"The new status: {string.Join(", ", CaseWorkflow.Statuses)}.", Required = true };
        var outcome = new Option<string?>("--outcome") { Description = $"When closing: {string.Join(", ", CaseWorkflow.Outcomes)}." };
        var note = new Option<string?>("--note") { Description = "Why (recorded in the audit trail)." };
        var actor = CliOptions.Actor();
        var json = CliOptions.JsonOutput();
        var command = new Command("transition", "Move a case through the workflow (closing needs an outcome; closed cases re-open to investigating).") { id, to, outcome, note, actor, json };
        db.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var ops = await CliOptions.OpenAsync(db, parse, mustExist: true, ct);
            var updated = await Act(() => ops.Cases.TransitionAsync(Actor.Operator(parse.GetValue(actor)!), parse.GetValue(id)!, parse.GetValue(to)!, parse.GetValue(outcome), parse.GetValue(note), ct));
            return Done(parse.GetValue(json), updated, $"{updated.CaseId} is {updated.Status}{(updated.Outcome is { } o ? $" ({o})" : "")}.");
        });
        return command;
    }

    // A refused action is the user's to correct: exit 2 with the reason.
    internal static async Task<T> Act<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (CaseActionException e)
        {
            throw new UsageException(e.Message);
        }
    }

    // An application service's refusal is the user's to correct as well (an operator sees every case, so it is one not there or a conflict).
    internal static async Task<T> Act<T>(Func<Task<Outcome<T>>> action)
    {
        var outcome = await action();
        return outcome.IsOk ? outcome.Value! : throw new UsageException(outcome.Kind == OutcomeKind.NotFound ? "no " + outcome.Reason : outcome.Reason);
    }

    private static int Done<T>(bool json, T value, string message)
    {
        Console.WriteLine(json ? JsonSerializer.Serialize(value, CliOptions.Json) : message);
        return ExitCodes.Ok;
    }

    private static object Summary(CaseRecord c, DateTimeOffset now) => new
    {
        c.CaseId, c.Severity, c.Status, c.PlatformId, c.MarketId, c.Family, Rules = c.Rules?.Split(',') ?? [], c.Assignee,
        c.DueAt, Overdue = c.IsOverdue(now), Unassigned = c.Assignee is null, AgeDays = c.AgeDays(now), c.OpenedAt, c.UpdatedAt,
        c.Outcome, c.ClosedAt, c.FollowsCaseId, c.ActiveFindings, c.OwnerAuthorityId,
    };

    private static JsonObject Json(CaseDetail detail)
    {
        var node = JsonSerializer.SerializeToNode(Summary(detail.Case, DateTimeOffset.UtcNow), CliOptions.Json)!.AsObject();
        node["findings"] = JsonNode.Parse(FindingsCommand.ToJson(detail.Findings));
        node["evidence"] = new JsonArray(detail.Evidence.Select(e => (JsonNode)new JsonObject
        {
            ["eventId"] = e.EventId, ["type"] = e.Type, ["occurredAt"] = e.OccurredAt.ToString("O", CultureInfo.InvariantCulture), ["source"] = e.Source, ["event"] = JsonNode.Parse(e.Payload),
        }).ToArray());
        node["comments"] = JsonSerializer.SerializeToNode(detail.Comments, CliOptions.Json);
        node["audit"] = JsonSerializer.SerializeToNode(detail.Audit.Select(a => new { a.Seq, a.At, a.Actor, a.Action, Details = JsonNode.Parse(a.Details), a.Hash }), CliOptions.Json);
        return node;
    }

    private static string Text(CaseDetail detail)
    {
        var c = detail.Case;
        var now = DateTimeOffset.UtcNow;
        var lines = new List<string>
        {
            $"{c.CaseId}  {c.Severity.ToUpperInvariant()}  {c.Status}{(c.Outcome is { } o ? $" ({o})" : "")}",
            $"  platform {c.PlatformId ?? "-"}, market {c.MarketId ?? "-"}, rule family {c.Family}",
            $"  assignee {c.Assignee ?? "UNASSIGNED"}, opened {c.OpenedAt:yyyy-MM-dd} ({c.AgeDays(now)} days), due {(c.DueAt is { } due ? due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (c.IsOverdue(now) ? " OVERDUE" : "") : "-")}"
                + (c.FollowsCaseId is { } follows ? $", follows {follows}" : ""),
            "",
            "Findings:",
        };
        foreach (var f in detail.Findings)
        {
            var law = JsonNode.Parse(f.LegalBasis)!;
            lines.Add($"  {f.RuleId} [{f.Severity}{(f.IsActive ? "" : ", withdrawn")}] {f.PeriodStart:yyyy-MM-dd}..{f.PeriodEnd:yyyy-MM-dd} (established {f.EstablishedFrom:yyyy-MM-dd}..{f.EstablishedTo:yyyy-MM-dd})");
            lines.Add($"    measured  {f.Measured}");
            lines.Add($"    threshold {f.Threshold}");
            lines.Add($"    law       {law["citation"]}: \"{law["quote"]}\" {law["link"]}");
        }

        lines.Add("");
        lines.Add("Evidence:");
        lines.AddRange(detail.Evidence.Select(e => $"  {e.EventId}  {e.Type}  {e.OccurredAt:yyyy-MM-dd}  {e.Source}  submitted by {e.Submitter ?? "(not recorded)"}"));
        lines.Add("");
        lines.Add("Comments:");
        lines.AddRange(detail.Comments.Count == 0 ? ["  none"] : detail.Comments.Select(m => $"  {m.CreatedAt:yyyy-MM-dd HH:mm} {m.Author} [{m.Visibility}]: {m.Body}"));
        lines.Add("");
        lines.Add("Audit trail:");
        lines.AddRange(detail.Audit.Select(a => $"  #{a.Seq} {a.At:yyyy-MM-dd HH:mm:ss} {a.Actor} {a.Action} {a.Details}"));
        return string.Join(Environment.NewLine, lines);
    }
}

namespace PlatformWatch.Api.Ui;

/// <summary>
/// The word for a machine value shown on a page (a case's status, a decision's outcome, a role):
/// <c>value.&lt;kind&gt;.&lt;value&gt;</c> in the resources (<c>status.&lt;value&gt;</c> for a case's
/// status), or the value itself when the resources have no word for it. Pages keep the value in an
/// attribute (<c>data-status</c>, an option's <c>value</c>) for scripts and tests.
/// </summary>
public static class ValueText
{
    /// <summary>The word for <paramref name="value"/> of <paramref name="kind"/> (e.g. <c>outcome</c>, <c>role</c>).</summary>
    public static string Of(string kind, string? value) =>
        value is null ? "" : DisplayText.Name(kind == "status" ? "status" : "value." + kind, value);
}

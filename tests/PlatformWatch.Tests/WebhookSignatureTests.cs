using System.Net;
using System.Security.Cryptography;
using System.Text;
using PlatformWatch.Application;
using PlatformWatch.Hosting;

namespace PlatformWatch.Tests;

/// <summary>
/// Issue 20: a webhook's signature as the sender makes it and as the README tells a receiver to check
/// it (the README's function is the one below, word for word); which addresses a webhook may not
/// reach; the waits between attempts.
/// </summary>
[TestFixture]
internal sealed class Webhook_signatures_and_endpoints
{
    private const string Secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    // The README's code, word for word ("Notifications: webhooks and email"): the test below finds it there.
#pragma warning disable CA1305, CA1310, CA1307 // the README's code, as a receiver would write it
    static bool Verified(string secret, string timestamp, string signature, byte[] body)
    {
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) > 300)
        {
            return false; // replayed, or a clock far off
        }

        byte[] signed = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return signature.Split(' ').Any(s => s.StartsWith("v1=") && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(s[3..]), expected));
    }
#pragma warning restore CA1305, CA1310, CA1307

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"d","type":"notice-issued","version":1,"occurredAt":"2026-12-05T10:00:00.000Z","data":{"noticeId":"N-1"}}""");

    private static string Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public void The_readme_shows_the_function_tested_here()
    {
        var root = Root();
        var source = File.ReadAllText(Path.Combine(root, "tests", "PlatformWatch.Tests", "WebhookSignatureTests.cs")).ReplaceLineEndings("\n");
        var from = source.IndexOf("    static bool Verified(", StringComparison.Ordinal);
        var function = source[from..source.IndexOf("#pragma warning restore", from, StringComparison.Ordinal)].TrimEnd();
        var unindented = string.Join('\n', function.Split('\n').Select(line => line.StartsWith("    ", StringComparison.Ordinal) ? line[4..] : line));
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        Assert.That(readme, Does.Contain("```csharp\n" + unindented + "\n```"));
    }

    [Test]
    public void A_receiver_verifies_what_the_sender_signs()
    {
        var timestamp = Now;
        Assert.That(Verified(Secret, timestamp, "v1=" + WebhookChannel.Sign(Secret, timestamp, Body), Body), Is.True);
    }

    [Test]
    public void A_receiver_verifies_either_signature_during_a_rotation()
    {
        var timestamp = Now;
        var header = $"v1={WebhookChannel.Sign("whsec_new", timestamp, Body)} v1={WebhookChannel.Sign(Secret, timestamp, Body)}";
        Assert.That((Verified(Secret, timestamp, header, Body), Verified("whsec_new", timestamp, header, Body)), Is.EqualTo((true, true)));
    }

    [Test]
    public void A_changed_body_another_secret_or_an_old_timestamp_does_not_verify()
    {
        var timestamp = Now;
        var signature = "v1=" + WebhookChannel.Sign(Secret, timestamp, Body);
        var old = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(Verified(Secret, timestamp, signature, [.. Body, (byte)' ']), Is.False, "a changed body");
            Assert.That(Verified("whsec_other", timestamp, signature, Body), Is.False, "another secret");
            Assert.That(Verified(Secret, old, "v1=" + WebhookChannel.Sign(Secret, old, Body), Body), Is.False, "a replay ten minutes later");
        });
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("10.20.30.40", true)]
    [TestCase("172.31.255.255", true)]
    [TestCase("172.32.0.1", false)]
    [TestCase("192.168.1.1", true)]
    [TestCase("169.254.169.254", true)]
    [TestCase("100.64.0.1", true)]
    [TestCase("0.0.0.0", true)]
    [TestCase("224.0.0.1", true)]
    [TestCase("::1", true)]
    [TestCase("fd12:3456::1", true)]
    [TestCase("fe80::1", true)]
    [TestCase("::ffff:192.168.0.1", true)]
    [TestCase("2002:c0a8:0001::1", true)]
    [TestCase("8.8.8.8", false)]
    [TestCase("203.0.113.7", false)]
    [TestCase("2001:4860:4860::8888", false)]
    public void An_internal_address_is_refused(string address, bool refused) =>
        Assert.That(EndpointGuard.IsInternal(IPAddress.Parse(address)), Is.EqualTo(refused));

    [Test]
    public void The_wait_doubles_from_30_seconds_up_to_an_hour()
    {
        var options = new NotificationOptions();
        Assert.That(Enumerable.Range(1, 9).Select(options.Backoff), Is.EqualTo(new[] { 30, 60, 120, 240, 480, 960, 1920, 3600, 3600 }.Select(s => TimeSpan.FromSeconds(s))));
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlatformWatch.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("PlatformWatch.sln");
    }
}

using System.Globalization;
using System.Net;
using System.Resources;
using System.Text;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using PlatformWatch.Application;
using PlatformWatch.Store;

namespace PlatformWatch.Hosting;

/// <summary>
/// Email notifications through the configured mail server (MailKit, <c>Notifications:Smtp</c>): a
/// plain-text and an HTML body in the subscription's language (<c>Resources/EmailText</c>), the
/// subject naming what happened. The message id is the delivery's (<c>&lt;DELIVERY_ID@platformwatch&gt;</c>),
/// so a delivery sent twice (at least once) is recognised by the mail clients as one message.
/// </summary>
public sealed class EmailChannel(NotificationOptions options) : IDeliveryChannel
{
    private static readonly ResourceManager Text = new("PlatformWatch.Hosting.Resources.EmailText", typeof(EmailChannel).Assembly);

    /// <inheritdoc />
    public string Channel => SubscriptionRecord.Email;

    /// <inheritdoc />
    public async Task<DeliveryAttempt> SendAsync(SubscriptionRecord subscription, DeliveryRecord delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(delivery);
        var smtp = options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return new DeliveryAttempt(false, null, "no mail server is configured (Notifications:Smtp:Host)");
        }

        using var message = Compose(subscription, delivery, smtp);
        using var client = new SmtpClient { Timeout = (int)options.SendTimeout.TotalMilliseconds };
        try
        {
            var security = smtp.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(smtp.Host, smtp.Port, security, ct).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(new NetworkCredential(smtp.User, smtp.Password), ct).ConfigureAwait(false);
            }

            await client.SendAsync(message, ct).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, ct).ConfigureAwait(false);
            return new DeliveryAttempt(true, null, null);
        }
        catch (SmtpCommandException e)
        {
            return new DeliveryAttempt(false, (int)e.StatusCode, $"the mail server refused it: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or AuthenticationException or ServiceNotConnectedException or TimeoutException)
        {
            return new DeliveryAttempt(false, null, $"the mail server could not be reached: {e.Message}");
        }
    }

    /// <summary>The email of a delivery: subject, plain text and HTML in the subscription's language.</summary>
    public static MimeMessage Compose(SubscriptionRecord subscription, DeliveryRecord delivery, SmtpOptions smtp)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(smtp);
        var culture = CultureInfo.GetCultureInfo(subscription.Language);
        var body = JsonNode.Parse(delivery.Payload)!.AsObject();
        var data = body["data"]?.AsObject() ?? [];
        var values = data.ToDictionary(p => p.Key, p => Show(p.Key, p.Value, culture), StringComparer.Ordinal);
        values["kind"] = delivery.Kind;
        values["subscriptionId"] = subscription.SubscriptionId;
        values["deliveryId"] = delivery.DeliveryId;
        var subject = Fill(Text.GetString("subject." + delivery.Kind, culture) ?? Text.GetString("subject.other", culture)!, values);
        var fields = data.Select(p => (Label: Text.GetString("field." + p.Key, culture) ?? p.Key, Value: values[p.Key])).ToList();
        var intro = Text.GetString("intro", culture)!;
        var separator = Text.GetString("separator", culture)!;
        var footer = Fill(Text.GetString("footer", culture)!, values);

        var plain = new StringBuilder().AppendLine(intro).AppendLine();
        foreach (var (label, value) in fields)
        {
            plain.Append(label).Append(separator).AppendLine(value);
        }

        plain.AppendLine().AppendLine(footer);
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{WebUtility.HtmlEncode(subscription.Language)}\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(subject)}</title></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(intro)}</p><table>");
        foreach (var (label, value) in fields)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th style=\"text-align:left\">{WebUtility.HtmlEncode(label)}</th><td>{WebUtility.HtmlEncode(value)}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table><p><small>{WebUtility.HtmlEncode(footer)}</small></p></body></html>");
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = $"{delivery.DeliveryId}@platformwatch",
            Body = new BodyBuilder { TextBody = plain.ToString(), HtmlBody = html.ToString() }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(smtp.SenderName, smtp.Sender));
        message.To.Add(MailboxAddress.Parse(subscription.Target));
        message.Headers.Add("PlatformWatch-Id", delivery.DeliveryId);
        return message;
    }

    // A field's value as a reader reads it, in the pages' forms (Readable): days and times (UTC, to the minute), money in
    // full, report types in words; a deadline's kind, a severity and an outcome in words (the pages' words); an overdue
    // report's type, obligation and due date in a sentence.
    private static string Show(string field, JsonNode? value, CultureInfo culture) => value switch
    {
        null => "",
        JsonObject money when money["amount"]?.GetValue<decimal>() is { } amount && money["currency"]?.GetValue<string>() is { } currency => Readable.Money(amount, currency, culture),
        JsonValue v when field is "deadline" or "severity" or "outcome" => Text.GetString(field + "." + v, culture) ?? v.ToString(),
        JsonValue v when field == "reportType" => Readable.ReportType(v.ToString(), culture),
        JsonArray overdue when field == "overdue" => string.Join(Text.GetString("overdue.separator", culture), overdue.OfType<JsonObject>().Select(o =>
            string.Format(culture, Text.GetString("overdue.line", culture)!, Show("reportType", o["reportType"], culture), o["obligationId"], Show("dueDate", o["dueDate"], culture)))),
        JsonValue v when v.TryGetValue<string>(out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) =>
            Readable.Date(day, culture),
        JsonValue v when v.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && text.Contains('T', StringComparison.Ordinal) =>
            Readable.DateTime(at, culture),
        _ => value.ToString(),
    };

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            template = template.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return template;
    }
}

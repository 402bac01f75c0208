using System.Text.RegularExpressions;

namespace PlatformWatch.Contracts.Wire;

/// <summary>The value rules of CONTRACTS.md that the JSON types alone do not enforce.</summary>
public static partial class ContractValidator
{
    /// <summary>The longest identifier accepted (platform, market, report ids …).</summary>
    public const int MaxIdLength = 200;

    /// <summary>Every rule an event breaks; empty when it is valid.</summary>
    public static IReadOnlyList<ContractError> Validate(IInboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var v = new Checks();
        v.EventId(inbound.EventId);
        v.Text(inbound.Source, "source");
        v.Timestamp(inbound.OccurredAt, "occurredAt");
        switch (inbound)
        {
            case MarketShareReported e:
                v.Id(e.MarketId, "marketId");
                v.Jurisdiction(e.Jurisdiction);
                v.Period(e.PeriodStart, e.PeriodEnd, "periodEnd", "periodStart");
                v.Id(e.PlatformId, "platformId");
                v.Defined(e.Metric, "metric");
                v.Fraction(e.Share, "share");
                if (e.Value is { } value)
                {
                    v.NotNegative(value.Amount, "value.amount");
                    if (value.Currency is not null)
                    {
                        v.Currency(value.Currency, "value.currency");
                    }
                }

                break;
            case PlatformProfileReported e:
                v.Id(e.PlatformId, "platformId");
                v.Range(e.FiscalYear, 1900, 2200, "fiscalYear");
                v.Each(e.Turnover, "turnover", (t, path) =>
                {
                    v.Region(t.Region, path + ".region");
                    v.NotNegative(t.Amount, path + ".amount");
                    v.Currency(t.Currency, path + ".currency");
                });
                if (e.MarketCapitalisation is { } cap)
                {
                    v.Money(cap, "marketCapitalisation");
                }

                v.Each(e.CorePlatformServices, "corePlatformServices", (s, path) =>
                {
                    v.Id(s.ServiceId, path + ".serviceId");
                    v.Id(s.Kind, path + ".kind");
                    v.NotNegative(s.MonthlyActiveEndUsers, path + ".monthlyActiveEndUsers");
                    v.NotNegative(s.YearlyActiveBusinessUsers, path + ".yearlyActiveBusinessUsers");
                    v.NotNegative(s.MemberStates, path + ".memberStates");
                });
                v.NotNegative(e.AnnualActiveUsersCn, "annualActiveUsersCn");
                break;
            case ConductObserved e:
                v.Id(e.PlatformId, "platformId");
                v.OptionalId(e.MarketId, "marketId");
                v.Jurisdiction(e.Jurisdiction);
                v.Defined(e.Conduct, "conduct");
                if (e.ObservedFrom is { } from && e.ObservedTo is { } to)
                {
                    v.Period(from, to, "observedTo", "observedFrom");
                }

                v.NotNegative(e.AffectedCount, "affectedCount");
                v.Attributes(e.Conduct, e.Attributes);
                v.Each(e.Evidence, "evidence", (item, path) =>
                {
                    v.Id(item.Kind, path + ".kind");
                    v.Text(item.Reference, path + ".reference", 2000);
                });
                break;
            case PriceQuoteObserved e:
                v.Id(e.PlatformId, "platformId");
                v.Id(e.MarketId, "marketId");
                v.Jurisdiction(e.Jurisdiction);
                v.Id(e.ProductId, "productId");
                v.Id(e.Bucket, "bucket");
                v.Id(e.Cohort, "cohort");
                v.Money(e.Price, "price");
                if (e.Price.Amount == 0)
                {
                    v.Add("price.amount", "positive");
                }

                break;
            case RankingObserved e:
                v.Id(e.PlatformId, "platformId");
                v.Id(e.MarketId, "marketId");
                v.Jurisdiction(e.Jurisdiction);
                v.Id(e.QueryId, "queryId");
                v.Ranking(e.Results);
                break;
            case AcquisitionAnnounced e:
                v.Id(e.AcquirerId, "acquirerId");
                v.Id(e.TargetId, "targetId");
                if (e.ClosingAt is { } closing)
                {
                    v.Period(e.SignedAt, closing, "closingAt", "signedAt");
                }

                v.Each(e.Parties, "parties", (p, path) =>
                {
                    v.Id(p.PartyId, path + ".partyId");
                    v.OptionalMoney(p.TurnoverWorld, path + ".turnoverWorld");
                    v.OptionalMoney(p.TurnoverCn, path + ".turnoverCn");
                    v.OptionalMoney(p.TurnoverEu, path + ".turnoverEu");
                });
                v.Each(e.Notifications, "notifications", (n, path) =>
                {
                    v.Id(n.Authority, path + ".authority");
                    if (n.FiledAt is { } filed && n.ClearedAt is { } cleared)
                    {
                        v.Period(filed, cleared, path + ".clearedAt", "filedAt");
                    }
                });
                v.Each(e.TargetServices, "targetServices", (s, path) => v.Id(s, path));
                v.OptionalId(e.TargetMarketId, "targetMarketId");
                v.OptionalFraction(e.AcquirerShare, "acquirerShare");
                v.OptionalFraction(e.TargetShare, "targetShare");
                break;
            case SelfRegulationReportSubmitted e:
                v.Id(e.ReportId, "reportId");
                v.Id(e.PlatformId, "platformId");
                v.Jurisdiction(e.Jurisdiction);
                v.Defined(e.ReportType, "reportType");
                v.Period(e.PeriodStart, e.PeriodEnd, "periodEnd", "periodStart");
                v.Timestamp(e.SubmittedAt, "submittedAt");
                foreach (var (name, text) in e.Sections)
                {
                    v.Id(name, "sections (a section name)");
                    if (text is null)
                    {
                        v.Add($"sections.{name}", "text");
                    }
                }

                v.Each(e.Claims, "claims", (c, path) =>
                {
                    v.Id(c.Obligation, path + ".obligation");
                    v.Id(c.Assertion, path + ".assertion");
                });
                v.Each(e.BusinessSecretSections, "businessSecretSections", (name, path) =>
                {
                    if (!e.Sections.ContainsKey(name))
                    {
                        v.Add(path, "unknownSection", name.Length <= 60 ? name : name[..60] + "…");
                    }
                });
                break;
            case DesignationDecided e:
                v.Id(e.DesignationId, "designationId");
                v.Id(e.PlatformId, "platformId");
                v.Jurisdiction(e.Jurisdiction);
                v.Defined(e.Kind, "kind");
                v.Each(e.Services, "services", (s, path) => v.Id(s, path));
                v.OptionalId(e.MarketId, "marketId");
                v.Period(e.DecidedAt, e.ObligationsFrom, "obligationsFrom", "decidedAt");
                if (e.RevokedAt is { } revoked)
                {
                    v.Period(e.DecidedAt, revoked, "revokedAt", "decidedAt");
                }

                v.Text(e.LegalBasis, "legalBasis");
                break;
            case ReportingObligationSet e:
                v.Id(e.ObligationId, "obligationId");
                v.Id(e.PlatformId, "platformId");
                v.Jurisdiction(e.Jurisdiction);
                v.Defined(e.ReportType, "reportType");
                if (e.DueDates.Count == 0)
                {
                    v.Add("dueDates", "noDueDates");
                }

                v.Each(e.RequiredSections, "requiredSections", (s, path) => v.Id(s, path));
                v.Text(e.LegalBasis, "legalBasis");
                break;
            default:
                v.Add("type", "typeUnknown", inbound.GetType().Name);
                break;
        }

        return v.Errors;
    }

    [GeneratedRegex("^[A-Z]{2}[A-Z0-9-]{0,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex JurisdictionCode();

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();
}

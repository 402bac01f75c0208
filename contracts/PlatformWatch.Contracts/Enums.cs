using System.Text.Json.Serialization;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Contracts;

// Wire names are explicit so that renaming a member never changes the public interface.

/// <summary>What a market share measures.</summary>
[JsonConverter(typeof(WireEnumConverter<ShareMetric>))]
public enum ShareMetric
{
    /// <summary><c>revenue</c></summary>
    [JsonStringEnumMemberName("revenue")] Revenue = 1,
    /// <summary><c>gmv</c>: gross merchandise value</summary>
    [JsonStringEnumMemberName("gmv")] Gmv,
    /// <summary><c>orders</c></summary>
    [JsonStringEnumMemberName("orders")] Orders,
    /// <summary><c>monthly-active-users</c></summary>
    [JsonStringEnumMemberName("monthly-active-users")] MonthlyActiveUsers,
    /// <summary><c>transactions</c></summary>
    [JsonStringEnumMemberName("transactions")] Transactions,
}

/// <summary>A practice of a platform (see CONTRACTS.md for the attributes each one carries).</summary>
[JsonConverter(typeof(WireEnumConverter<ConductKind>))]
public enum ConductKind
{
    /// <summary><c>exclusive-dealing</c> ("choose one of two")</summary>
    [JsonStringEnumMemberName("exclusive-dealing")] ExclusiveDealing = 1,
    /// <summary><c>parity-clause</c></summary>
    [JsonStringEnumMemberName("parity-clause")] ParityClause,
    /// <summary><c>anti-steering</c></summary>
    [JsonStringEnumMemberName("anti-steering")] AntiSteering,
    /// <summary><c>tying</c></summary>
    [JsonStringEnumMemberName("tying")] Tying,
    /// <summary><c>refusal-to-deal</c></summary>
    [JsonStringEnumMemberName("refusal-to-deal")] RefusalToDeal,
    /// <summary><c>data-combination</c></summary>
    [JsonStringEnumMemberName("data-combination")] DataCombination,
    /// <summary><c>consent-reprompt</c></summary>
    [JsonStringEnumMemberName("consent-reprompt")] ConsentReprompt,
    /// <summary><c>below-cost-pricing</c></summary>
    [JsonStringEnumMemberName("below-cost-pricing")] BelowCostPricing,
    /// <summary><c>excessive-pricing</c></summary>
    [JsonStringEnumMemberName("excessive-pricing")] ExcessivePricing,
    /// <summary><c>non-personalised-option-missing</c></summary>
    [JsonStringEnumMemberName("non-personalised-option-missing")] NonPersonalisedOptionMissing,
    /// <summary><c>unreasonable-restriction</c></summary>
    [JsonStringEnumMemberName("unreasonable-restriction")] UnreasonableRestriction,
}

/// <summary>Who the conduct is aimed at.</summary>
[JsonConverter(typeof(WireEnumConverter<Counterparty>))]
public enum Counterparty
{
    /// <summary><c>merchants</c></summary>
    [JsonStringEnumMemberName("merchants")] Merchants = 1,
    /// <summary><c>consumers</c></summary>
    [JsonStringEnumMemberName("consumers")] Consumers,
    /// <summary><c>developers</c></summary>
    [JsonStringEnumMemberName("developers")] Developers,
    /// <summary><c>advertisers</c></summary>
    [JsonStringEnumMemberName("advertisers")] Advertisers,
    /// <summary><c>competitors</c></summary>
    [JsonStringEnumMemberName("competitors")] Competitors,
}

/// <summary>A punitive measure used to enforce a demand.</summary>
[JsonConverter(typeof(WireEnumConverter<Enforcement>))]
public enum Enforcement
{
    /// <summary><c>search-downranking</c></summary>
    [JsonStringEnumMemberName("search-downranking")] SearchDownranking = 1,
    /// <summary><c>traffic-limit</c></summary>
    [JsonStringEnumMemberName("traffic-limit")] TrafficLimit,
    /// <summary><c>store-blocking</c></summary>
    [JsonStringEnumMemberName("store-blocking")] StoreBlocking,
    /// <summary><c>delisting</c></summary>
    [JsonStringEnumMemberName("delisting")] Delisting,
    /// <summary><c>deposit-deduction</c></summary>
    [JsonStringEnumMemberName("deposit-deduction")] DepositDeduction,
    /// <summary><c>fee-increase</c></summary>
    [JsonStringEnumMemberName("fee-increase")] FeeIncrease,
    /// <summary><c>delayed-onboarding</c></summary>
    [JsonStringEnumMemberName("delayed-onboarding")] DelayedOnboarding,
    /// <summary><c>differential-commission</c></summary>
    [JsonStringEnumMemberName("differential-commission")] DifferentialCommission,
    /// <summary><c>technical-barrier</c></summary>
    [JsonStringEnumMemberName("technical-barrier")] TechnicalBarrier,
}

/// <summary>An inducement offered for a demand.</summary>
[JsonConverter(typeof(WireEnumConverter<Incentive>))]
public enum Incentive
{
    /// <summary><c>subsidy</c></summary>
    [JsonStringEnumMemberName("subsidy")] Subsidy = 1,
    /// <summary><c>discount</c></summary>
    [JsonStringEnumMemberName("discount")] Discount,
    /// <summary><c>traffic-support</c></summary>
    [JsonStringEnumMemberName("traffic-support")] TrafficSupport,
}

/// <summary>The kind of a self-regulation report.</summary>
[JsonConverter(typeof(WireEnumConverter<ReportType>))]
public enum ReportType
{
    /// <summary><c>dma-art11-compliance</c></summary>
    [JsonStringEnumMemberName("dma-art11-compliance")] DmaArt11Compliance = 1,
    /// <summary><c>dma-art15-profiling-audit</c></summary>
    [JsonStringEnumMemberName("dma-art15-profiling-audit")] DmaArt15ProfilingAudit,
    /// <summary><c>cn-remedy-self-inspection</c></summary>
    [JsonStringEnumMemberName("cn-remedy-self-inspection")] CnRemedySelfInspection,
    /// <summary><c>pipl-art58-social-responsibility</c></summary>
    [JsonStringEnumMemberName("pipl-art58-social-responsibility")] PiplArt58SocialResponsibility,
    /// <summary><c>annual-self-regulation</c></summary>
    [JsonStringEnumMemberName("annual-self-regulation")] AnnualSelfRegulation,
}

/// <summary>The kind of a regulator's decision about a platform.</summary>
[JsonConverter(typeof(WireEnumConverter<DesignationKind>))]
public enum DesignationKind
{
    /// <summary><c>gatekeeper</c> (DMA Art. 3)</summary>
    [JsonStringEnumMemberName("gatekeeper")] Gatekeeper = 1,
    /// <summary><c>dominant</c>: a decision finding dominance</summary>
    [JsonStringEnumMemberName("dominant")] Dominant,
    /// <summary><c>super-platform</c></summary>
    [JsonStringEnumMemberName("super-platform")] SuperPlatform,
}

/// <summary>How serious a finding is.</summary>
[JsonConverter(typeof(WireEnumConverter<Severity>))]
public enum Severity
{
    /// <summary><c>info</c> (S4)</summary>
    [JsonStringEnumMemberName("info")] Info = 1,
    /// <summary><c>medium</c> (S3)</summary>
    [JsonStringEnumMemberName("medium")] Medium,
    /// <summary><c>high</c> (S2)</summary>
    [JsonStringEnumMemberName("high")] High,
    /// <summary><c>critical</c> (S1)</summary>
    [JsonStringEnumMemberName("critical")] Critical,
}

/// <summary>Where a case stands in the supervisors' workflow.</summary>
[JsonConverter(typeof(WireEnumConverter<CaseStatus>))]
public enum CaseStatus
{
    /// <summary><c>new</c></summary>
    [JsonStringEnumMemberName("new")] New = 1,
    /// <summary><c>triaged</c></summary>
    [JsonStringEnumMemberName("triaged")] Triaged,
    /// <summary><c>investigating</c></summary>
    [JsonStringEnumMemberName("investigating")] Investigating,
    /// <summary><c>notice-issued</c></summary>
    [JsonStringEnumMemberName("notice-issued")] NoticeIssued,
    /// <summary><c>platform-responded</c></summary>
    [JsonStringEnumMemberName("platform-responded")] PlatformResponded,
    /// <summary><c>closed</c></summary>
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>
/// The standing of a source (CONTRACTS.md "Sources and submitters"), as the source registry gives
/// it; with no registry every source is <c>unclassified</c>. Which figure counts follows the
/// profile's <c>sourcePrecedence</c> (RULES.md "Which figure counts").
/// </summary>
[JsonConverter(typeof(WireEnumConverter<SourceKind>))]
public enum SourceKind
{
    /// <summary><c>unclassified</c>: no source registry, or a source it does not classify</summary>
    [JsonStringEnumMemberName("unclassified")] Unclassified = 1,
    /// <summary><c>third-party</c>: market research, press, complainants</summary>
    [JsonStringEnumMemberName("third-party")] ThirdParty,
    /// <summary><c>platform</c>: a platform reporting about itself</summary>
    [JsonStringEnumMemberName("platform")] Platform,
    /// <summary><c>statistics-office</c></summary>
    [JsonStringEnumMemberName("statistics-office")] StatisticsOffice,
    /// <summary><c>regulator</c>: the regulator's own survey or investigation</summary>
    [JsonStringEnumMemberName("regulator")] Regulator,
    /// <summary><c>decision</c>: figures established in a regulator's decision</summary>
    [JsonStringEnumMemberName("decision")] Decision,
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using PlatformWatch.Contracts;

namespace PlatformWatch.Hosting;

/// <summary>
/// The partition key of an inbound event, which publishers set as the AMQP routing key: RabbitMQ's
/// consistent-hash exchange sends every event of one key to the same partition queue, so the events
/// that change one subject (and take its lock in the case database) are taken by one worker, one
/// batch at a time. A market's shares are keyed by the market; an acquisition by its acquirer; every
/// other event by its platform, so a platform's conduct, prices, rankings, reports, obligations,
/// designations and profiles (and the facts the rules read about it) share a partition.
/// </summary>
public static class PartitionKey
{
    /// <summary>The longest routing key AMQP carries, in bytes.</summary>
    public const int MaxBytes = 255;

    /// <summary>
    /// <c>market:ID</c> for <see cref="MarketShareReported"/>, <c>platform:ID</c> for the others (the
    /// acquirer's for <see cref="AcquisitionAnnounced"/>); a key longer than <see cref="MaxBytes"/>
    /// is replaced by <c>sha256:HEX</c> of itself.
    /// </summary>
    public static string Of(IInboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var key = inbound switch
        {
            MarketShareReported e => "market:" + e.MarketId,
            AcquisitionAnnounced e => "platform:" + e.AcquirerId,
            PlatformProfileReported e => "platform:" + e.PlatformId,
            ConductObserved e => "platform:" + e.PlatformId,
            PriceQuoteObserved e => "platform:" + e.PlatformId,
            RankingObserved e => "platform:" + e.PlatformId,
            SelfRegulationReportSubmitted e => "platform:" + e.PlatformId,
            DesignationDecided e => "platform:" + e.PlatformId,
            ReportingObligationSet e => "platform:" + e.PlatformId,
            _ => "",
        };
        return Encoding.UTF8.GetByteCount(key) <= MaxBytes ? key : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}

/// <summary>
/// Which worker consumes which partition: rendezvous (highest random weight) hashing over the live
/// workers, with bounded loads. Each (worker, partition) pair has a random weight; the pairs are taken
/// heaviest first, and a partition goes to the worker of its pair unless that worker already has its
/// quota (the partitions divided evenly; the workers first in id order take one more when they do not
/// divide). Every worker computes the same answer from the same list of workers; loads differ by at
/// most one; when a worker joins or leaves, the partitions it takes or gives move, and a few more
/// between the others where a quota changes by one (on average 0.4 to 1.9 for 8 to 32 partitions;
/// plain rendezvous hashing moves none more, but can give one worker six partitions of eight).
/// </summary>
public static class PartitionAssignment
{
    /// <summary>The partitions of <paramref name="partitions"/> that <paramref name="worker"/> owns among <paramref name="live"/> (which need not name it), ascending.</summary>
    public static IReadOnlyList<int> Owned(string worker, IEnumerable<string> live, int partitions)
    {
        ArgumentNullException.ThrowIfNull(live);
        var owners = Owners(live.Append(worker), partitions);
        return [.. Enumerable.Range(0, partitions).Where(p => owners[p] == worker)];
    }

    /// <summary>The owner of each partition (by index) among <paramref name="workers"/>.</summary>
    public static IReadOnlyList<string> Owners(IEnumerable<string> workers, int partitions)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var ids = workers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            throw new ArgumentException("at least one worker", nameof(workers));
        }

        var quota = ids.Select((_, i) => partitions / ids.Count + (i < partitions % ids.Count ? 1 : 0)).ToArray();
        var owners = new string?[partitions];
        var pairs = from w in Enumerable.Range(0, ids.Count)
                    from p in Enumerable.Range(0, partitions)
                    orderby Weight(ids[w], p) descending, w, p
                    select (Worker: w, Partition: p);
        foreach (var (w, p) in pairs)
        {
            if (owners[p] is null && quota[w] > 0)
            {
                owners[p] = ids[w];
                quota[w]--;
            }
        }

        return owners!;
    }

    private static ulong Weight(string worker, int partition) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{worker}\n{partition}")));
}

/// <summary>The names of the partitioned topology on RabbitMQ, derived from <see cref="BusOptions.Queue"/>.</summary>
public static class PartitionTopology
{
    /// <summary>The exchange type of the consistent-hash plugin that ships with RabbitMQ (<c>rabbitmq_consistent_hash_exchange</c>).</summary>
    public const string ConsistentHash = "x-consistent-hash";

    /// <summary>The consistent-hash exchange every inbound contract's exchange is bound to: <c>QUEUE-partitions</c>.</summary>
    public static string Exchange(BusOptions bus) => (bus ?? throw new ArgumentNullException(nameof(bus))).Queue + "-partitions";

    /// <summary>Partition <paramref name="partition"/>'s quorum queue: <c>QUEUE-N</c>.</summary>
    public static string Queue(BusOptions bus, int partition) => $"{(bus ?? throw new ArgumentNullException(nameof(bus))).Queue}-{partition}";

    /// <summary>Every partition queue's name.</summary>
    public static IReadOnlyList<string> Queues(BusOptions bus) => [.. Enumerable.Range(0, (bus ?? throw new ArgumentNullException(nameof(bus))).Partitions).Select(p => Queue(bus, p))];

    /// <summary>The exchange MassTransit publishes a contract to (<c>PlatformWatch.Contracts:MarketShareReported</c>).</summary>
    public static string MessageExchange(Type contract) => $"{(contract ?? throw new ArgumentNullException(nameof(contract))).Namespace}:{contract.Name}";
}

// The partitions share the parking queues of the events queue (QUEUE_error, QUEUE_skipped) instead
// of two per partition; QUEUE_dead is shared through the dead-letter exchange (ConfigureEventQueue).
internal sealed class SharedParkingQueues(BusOptions bus) : IErrorQueueNameFormatter, IDeadLetterQueueNameFormatter
{
    private readonly HashSet<string> _partitions = [.. PartitionTopology.Queues(bus)];

    public string FormatErrorQueueName(string queueName) => Parking(queueName) + "_error";

    public string FormatDeadLetterQueueName(string queueName) => Parking(queueName) + "_skipped";

    private string Parking(string queueName) => _partitions.Contains(queueName) ? bus.Queue : queueName;
}

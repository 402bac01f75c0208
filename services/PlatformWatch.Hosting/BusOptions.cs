using System.ComponentModel.DataAnnotations;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Hosting;

/// <summary>Which message bus the worker consumes from.</summary>
public enum BusTransport
{
    /// <summary>MassTransit's in-memory transport (the embedded default: one process).</summary>
    InMemory,
    /// <summary>RabbitMQ.</summary>
    RabbitMq,
}

/// <summary>The message bus (configuration section <c>Bus</c>).</summary>
public sealed class BusOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bus";

    /// <summary><c>InMemory</c> (default) or <c>RabbitMq</c>.</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>RabbitMQ host name.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>
    /// The nodes of a RabbitMQ cluster (host names or host:port); when set, the worker connects to
    /// whichever is up and moves to another when its node goes down. <see cref="Host"/> is then only
    /// the name the connection is known by.
    /// </summary>
    public string[] ClusterNodes { get; set; } = [];

    /// <summary>RabbitMQ AMQP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    /// <summary>RabbitMQ virtual host.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>RabbitMQ user.</summary>
    public string Username { get; set; } = "guest";

    /// <summary>RabbitMQ password.</summary>
    public string Password { get; set; } = "guest";

    /// <summary>
    /// The events queue: in memory, the queue itself; on RabbitMQ, the stem of the partition queues
    /// (<c>QUEUE-0</c> …), of the consistent-hash exchange (<c>QUEUE-partitions</c>) and of the parking
    /// queues (<c>QUEUE_error</c>, <c>QUEUE_skipped</c>, <c>QUEUE_dead</c>).
    /// </summary>
    [Required]
    public string Queue { get; set; } = "platformwatch-events";

    /// <summary>
    /// On RabbitMQ, the partitions of the events: quorum queues <c>QUEUE-0</c> … <c>QUEUE-(N-1)</c> behind a
    /// consistent-hash exchange keyed by market or platform, each consumed by one worker at a time
    /// (deploy/rabbitmq.md). Changing it re-shapes the hash ring: see deploy/rabbitmq.md first.
    /// </summary>
    [Range(1, 1024)]
    public int Partitions { get; set; } = 8;

    /// <summary>How often a worker records in the case database that it is alive, and reads who else is (to share the partitions).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan WorkerHeartbeat { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// A worker whose last heartbeat is older than this counts as gone, and the others take its
    /// partitions over (a worker that stops gracefully leaves at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages the broker may push before they are acknowledged; on RabbitMQ shared out over the partitions the worker owns.</summary>
    [Range(1, 65535)]
    public int PrefetchCount { get; set; } = 1000;

    /// <summary>
    /// Events per batch (of any contracts): a batch commits in one transaction. On RabbitMQ the
    /// worker's <c>BatchSize × BatchConcurrency</c> messages in flight are shared out over the
    /// partitions it owns (deploy/rabbitmq.md).
    /// </summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a batch waits to fill, from its first event, before it is processed anyway.</summary>
    public TimeSpan BatchTimeLimit { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Batches processed at once by one worker. One: with batches across contracts, a second batch
    /// at once only waits on the first's subject locks (PostgreSQL) or writer turn (SQLite); measured
    /// in docs/benchmarks.md.
    /// </summary>
    [Range(1, 64)]
    public int BatchConcurrency { get; set; } = 1;

    /// <summary>The largest message accepted; larger ones are parked with the reason.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = JsonlReader.DefaultMaxLineBytes;

    /// <summary>Deliveries of one message (a message that keeps killing workers) before RabbitMQ dead-letters it.</summary>
    [Range(1, 1000)]
    public int DeliveryLimit { get; set; } = 10;

    /// <summary>Members of each quorum queue (null: the broker's default, every cluster node; see deploy/rabbitmq.md).</summary>
    public int? QuorumReplicas { get; set; }

    /// <summary>
    /// Waits before each new attempt of a batch that failed for a reason other than the database
    /// (empty: 1 s, 5 s, 15 s); after the last, the messages go to the error queue with the reason.
    /// </summary>
    public TimeSpan[] RetryIntervals { get; set; } = [];

    /// <summary>The retry waits in force.</summary>
    public TimeSpan[] EffectiveRetryIntervals => RetryIntervals.Length > 0 ? RetryIntervals : [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)];

    /// <summary>
    /// The longest wait between attempts while the database is unavailable. Such faults are retried
    /// until the database is back (waits grow from 1 s to this), so an outage never parks a message;
    /// a worker or the API started during an outage waits the same way before it migrates.
    /// </summary>
    public TimeSpan OutageRetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the worker and RabbitMQ check that their connection is alive: a broker that went
    /// away without closing it (killed, its machine lost, the network cut) is noticed after three
    /// missed heartbeats, 30 to 40 s (RabbitMQ's default of 60 s took three minutes), and the worker
    /// connects again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While the worker does not consume (the broker gone or restarting, the queue unavailable), how
    /// often it tries to connect and consume again. MassTransit's own attempts wait 3 s growing to
    /// 30 s (±25 %), and do not start from 3 s again after an outage: a worker that had seen a few
    /// came back 22 to 37 s after the broker.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A worker that has not consumed for this long (its consumer not on the queue) stops itself with a
    /// non-zero exit code, saying why, for systemd or Kubernetes to start it afresh (zero: never).
    /// A database outage does not count: the worker keeps its consumer and waits.
    /// </summary>
    public TimeSpan RestartWhenNotConsumingFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// AMQP users (the API's, <c>platformwatch replay</c>'s) whose messages name their submitter in the
    /// <c>PlatformWatch-Submitter</c> header; any other user's messages are submitted by <c>amqp:USER</c>.
    /// </summary>
    public string[] TrustedPublishers { get; set; } = [];

    /// <summary>How long a worker uses the source registry it read before reading it again.</summary>
    public TimeSpan SourceRegistryRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sets host, port, virtual host and credentials from <c>amqp://user:password@host:port/vhost</c>.</summary>
    public void UseUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme is not ("amqp" or "amqps" or "rabbitmq"))
        {
            throw new ArgumentException($"expected an amqp:// URI, got '{uri.Scheme}://'", nameof(uri));
        }

        Transport = BusTransport.RabbitMq;
        Host = uri.Host;
        Port = uri.IsDefaultPort || uri.Port <= 0 ? 5672 : uri.Port;
        var vhost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        VirtualHost = vhost.Length == 0 ? "/" : vhost;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            Username = Uri.UnescapeDataString(parts[0]);
            Password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }
    }
}

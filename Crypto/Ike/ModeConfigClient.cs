using System.Buffers.Binary;
using System.Text;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>What Mode Config gave the client (draft-dukes-ike-mode-cfg-02 §3.3, Cisco Unity attributes).</summary>
public sealed record ModeConfigGrant(Ipv4? Address, Ipv4? Netmask, IReadOnlyList<Ipv4> DnsServers, string? DefaultDomain, string? Banner,
    IReadOnlyList<(Ipv4 Network, Ipv4 Mask)> SplitInclude, bool Pfs)
{
    /// <summary>UNITY_LOCAL_LAN: the networks to reach outside the tunnel (split exclude).</summary>
    public IReadOnlyList<(Ipv4 Network, Ipv4 Mask)> SplitExclude { get; init; } = [];
    /// <summary>UNITY_BACKUP_SERVERS as received (empty: clear the list); null when not sent.</summary>
    public string? BackupServers { get; init; }
    /// <summary>UNITY_NATT_PORT: the headend's port for IPsec over UDP; null when not sent.</summary>
    public ushort? IpsecUdpPort { get; init; }
}

/// <summary>
/// Mode Config, the client's task: once XAUTH is done the client asks with CFG_REQUEST for the
/// profile's attributes and takes the CFG_REPLY (pull, as the Cisco client and vpnc do); a headend
/// that pushes (CFG_SET) is acknowledged instead. Then the client's Quick Mode for its address
/// follows.
/// </summary>
public sealed class ModeConfigClient(IkeSa sa, IkeKeys keys, RemoteAccessProfile profile) : IkeTask(sa)
{
    public override ExchangeType Exchange => ExchangeType.Transaction;

    public override IkeSaState State => IkeSaState.AmTmWaitModeCfgAck;

    /// <summary>Our request's reply has its message ID; a push comes with the headend's.</summary>
    public override bool Expects(ExchangeType exchange, uint messageId) => exchange == ExchangeType.Transaction;

    public override TaskStatus Initiate(IkeContext ctx)
    {
        if (!profile.ModeConfig && profile.NetworkExtension is { } network)
        {
            new IkeLog(Sa, ctx.Outputs).Main(IkeLog.Notice, $"Network extension mode without Mode Config: proposing {network.Network}/{network.Mask}");
            Sa.Tasks.Plan(new QuickModeInitiator(Sa, keys, QuickModeOffer.ForClient(profile, Sa, network.Network, network.Mask)));
            return TaskStatus.Done;
        }
        MessageId = ctx.RandomMessageId();
        // A hardware client in network extension mode asks for no address.
        var requested = profile.RequestedAttributes
            .Where(t => profile.NetworkExtension is null || t is not (ModeCfgAttributes.InternalIp4Address or ModeCfgAttributes.InternalIp4Netmask))
            .Select(t => t == ModeCfgAttributes.ApplicationVersion
            ? DataAttribute.Variable(t, Encoding.UTF8.GetBytes(profile.ApplicationVersion))
            : DataAttribute.Variable(t, ReadOnlyMemory<byte>.Empty)).ToList();
        var message = Seal(new AttributePayload(AttributePayload.Request, 20, requested));
        new IkeLog(Sa, ctx.Outputs).DecodeLine("SENDING", MessageId, "HDR + HASH (8) + ATTR (14) + NONE (0)", message.Length);
        Sa.Tasks.SendRequest(ctx, this, message);
        return TaskStatus.NeedMore;
    }

    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        if (message.First<AttributePayload>() is not { } attributes) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        if (attributes.ConfigType == AttributePayload.Set)
        {
            // A headend that pushes: the ACK names what was taken.
            var ack = Seal(new AttributePayload(AttributePayload.Ack, attributes.Identifier,
                attributes.Attributes.Select(a => DataAttribute.Variable(a.Type, ReadOnlyMemory<byte>.Empty)).ToList()), message.MessageId);
            log.DecodeLine("SENDING", message.MessageId, "HDR + HASH (8) + ATTR (14) + NONE (0)", ack.Length);
            Sa.Tasks.Send(ctx, ack);
        }
        else if (attributes.ConfigType != AttributePayload.Reply || message.MessageId != MessageId) return TaskStatus.NeedMore;
        var grant = Grant(attributes);
        if (grant.Address is null && profile.NetworkExtension is { } lan)
        {
            Sa.Configuration = grant;
            log.Main(IkeLog.Notice, $"Network extension mode: proposing {lan.Network}/{lan.Mask}");
            Sa.Tasks.Plan(new QuickModeInitiator(Sa, keys, QuickModeOffer.ForClient(profile, Sa, lan.Network, lan.Mask)));
            return TaskStatus.Done;
        }
        if (grant.Address is not { } address)
        {
            log.Main(IkeLog.Milestone, "Mode Config gave no address, dropping");
            return TaskStatus.Failed;
        }
        Sa.AssignedAddress = address;
        Sa.Configuration = grant;
        log.Main(IkeLog.Notice, $"Mode Config assigned {address}");
        Sa.Tasks.Plan(new QuickModeInitiator(Sa, keys, QuickModeOffer.ForClient(profile, Sa, address)));
        return TaskStatus.Done;
    }

    private byte[] Seal(AttributePayload attributes, uint? messageId = null) =>
        MessageProtection.Seal(Sa, keys, ExchangeType.Transaction, messageId ?? MessageId, [attributes]);

    private static ModeConfigGrant Grant(AttributePayload attributes)
    {
        Ipv4? Address(ushort type) => attributes.Attributes.FirstOrDefault(a => a.Type == type && a.LongValue.Length == 4) is { } a
            ? new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(a.LongValue.Span)) : null;
        string? Text(ushort type) => attributes.Attributes.FirstOrDefault(a => a.Type == type && !a.Short) is { } a
            ? Encoding.UTF8.GetString(a.LongValue.Span) : null;
        var dns = attributes.Attributes.Where(a => a.Type == ModeCfgAttributes.InternalIp4Dns && a.LongValue.Length == 4)
            .Select(a => new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(a.LongValue.Span))).ToList();
        List<(Ipv4, Ipv4)> Networks(ushort type)
        {
            var networks = new List<(Ipv4, Ipv4)>();
            if (attributes.Attributes.FirstOrDefault(a => a.Type == type) is { } list)
                for (var at = 0; at + 14 <= list.LongValue.Length; at += 14)
                    networks.Add((new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(list.LongValue.Span[at..])),
                        new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(list.LongValue.Span[(at + 4)..]))));
            return networks;
        }
        var pfs = attributes.Attributes.FirstOrDefault(a => a.Type == ModeCfgAttributes.UnityPfs)?.Number == 1;
        return new ModeConfigGrant(Address(ModeCfgAttributes.InternalIp4Address), Address(ModeCfgAttributes.InternalIp4Netmask), dns,
            Text(ModeCfgAttributes.UnityDefDomain), Text(ModeCfgAttributes.UnityBanner), Networks(ModeCfgAttributes.UnitySplitInclude), pfs)
        {
            SplitExclude = Networks(ModeCfgAttributes.UnityLocalLan),
            BackupServers = attributes.Attributes.FirstOrDefault(a => a.Type == ModeCfgAttributes.UnityBackupServers) is { Short: false } backup
                ? Encoding.UTF8.GetString(backup.LongValue.Span) : null,
            IpsecUdpPort = attributes.Attributes.FirstOrDefault(a => a.Type == ModeCfgAttributes.UnityNattPort) is { Short: true } port ? (ushort)port.Number : null,
        };
    }
}

using System.Buffers.Binary;
using System.Text;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Mode Config (draft-dukes-ike-mode-cfg-02 §3.4), the headend's task, from the effective group
/// policy (user attributes, the user's policy, the tunnel-group's policy, DfltGrpPolicy). Pull, as
/// vpnc and the Cisco client do it: the client sends CFG_REQUEST, the ASA answers CFG_REPLY with what
/// was both requested and configured (reference §5.3). Push, for clients that wait for the server
/// (strongSwan with <c>pull = no</c>): when no request came within <see cref="PushAfter"/> of XAUTH,
/// the ASA sends CFG_SET with everything configured and waits for the CFG_ACK. Without XAUTH the
/// tunnel-group's <c>vpn-tunnel-protocol</c> is checked first. The client's address comes, in the
/// order of <c>vpn-addr-assign</c>, from the AAA server or the user's <c>vpn-framed-ip-address</c>,
/// then the pools (the group policy's <c>address-pools</c>, else the tunnel-group's); a hardware
/// client in network extension mode asks for none and gets none. Once the client has its
/// configuration, the session's accounting Start goes out (<see cref="SessionAccounting"/>).
/// </summary>
public sealed class ModeConfigServer(IkeSa sa, IkeKeys keys, bool xauthRan) : IkeTask(sa)
{
    public const string ApplicationVersion = "Cisco Systems, Inc ASA5500 Version 9.8(4) built by builders on Wed 15-Nov-17 18:00";

    /// <summary>How long the headend waits for a client's CFG_REQUEST before it pushes (pulling clients ask at once) [M].</summary>
    public static readonly TimeSpan PushAfter = TimeSpan.FromSeconds(2);

    /// <summary>What a push offers: the attributes vpnc asks for, and the Unity backup servers.</summary>
    private static readonly ushort[] Pushed =
    [
        ModeCfgAttributes.InternalIp4Address, ModeCfgAttributes.InternalIp4Netmask, ModeCfgAttributes.InternalIp4Dns,
        ModeCfgAttributes.InternalIp4Nbns, ModeCfgAttributes.UnityBanner, ModeCfgAttributes.UnitySavePasswd,
        ModeCfgAttributes.UnityDefDomain, ModeCfgAttributes.UnitySplitDns, ModeCfgAttributes.UnitySplitInclude, ModeCfgAttributes.UnityLocalLan,
        ModeCfgAttributes.UnityPfs, ModeCfgAttributes.UnityBackupServers, ModeCfgAttributes.ApplicationVersion,
    ];

    private DateTimeOffset _waitStarted;
    private bool _pushed;

    public override ExchangeType Exchange => ExchangeType.Transaction;

    public override IkeSaState State => _pushed ? IkeSaState.AmTmWaitModeCfgAck : IkeSaState.AmTmWaitModeCfg;

    /// <summary>The client's request comes with a message ID of its own; the ACK of a push with ours.</summary>
    public override bool Expects(ExchangeType exchange, uint messageId) => exchange == ExchangeType.Transaction;

    public override TaskStatus Initiate(IkeContext ctx)
    {
        if (!xauthRan && !TunnelProtocolCheck.Allows(ctx, Sa, username: null)) return Refuse(ctx);
        _waitStarted = ctx.Now;
        return TaskStatus.NeedMore;
    }

    public override DateTimeOffset? Due => _pushed ? null : _waitStarted + PushAfter;

    /// <summary>No request came: push.</summary>
    public override TaskStatus Elapsed(IkeContext ctx)
    {
        var log = new IkeLog(Sa, ctx.Outputs);
        var policy = SessionPolicy.For(ctx.Config, Sa);
        // A client that did not ask may be a hardware client in network extension mode: with nem enable it gets no address.
        if (!AssignAddress(ctx, policy, log, wanted: !policy.Nem)) return Refuse(ctx);
        var attributes = Attributes(ctx, policy, [.. Pushed], log);
        log.Debug("Sending MODE_CFG Set attributes (no request from the client)");
        MessageId = ctx.RandomMessageId();
        Send(ctx, MessageId, new AttributePayload(AttributePayload.Set, 0, attributes), log);
        _pushed = true;
        return TaskStatus.NeedMore;
    }

    /// <summary>
    /// The client began Quick Mode (its HASH checked) without asking for its configuration and before our
    /// push: a hardware client in network extension mode with nothing to ask (strongSwan without a virtual
    /// IP). Mode Config ends here and the Quick Mode decides: without <c>nem enable</c> a client with no
    /// address is refused there [M: the ASA's handling of a client that skips Mode Config].
    /// </summary>
    public bool SkippedBy(IkeContext ctx)
    {
        if (_pushed) return false;
        new IkeLog(Sa, ctx.Outputs).Debug("Quick Mode before any MODE_CFG request: the client skips Mode Config");
        SessionAccounting.Start(ctx, Sa);
        return true;
    }

    /// <summary>The client's CFG_REQUEST (answered, also when it crossed our push), or the ACK of our push; HASH checked by the engine.</summary>
    public override TaskStatus Process(IkeContext ctx, InboundMessage message)
    {
        if (message.First<AttributePayload>() is not { } attributes) return TaskStatus.NeedMore;
        var log = new IkeLog(Sa, ctx.Outputs);
        if (_pushed && attributes.ConfigType == AttributePayload.Ack && message.MessageId == MessageId)
        {
            log.Debug("Processing cfg ACK attributes");
            SessionAccounting.Start(ctx, Sa);
            return TaskStatus.Done;
        }
        if (attributes.ConfigType != AttributePayload.Request) return TaskStatus.NeedMore;
        log.Debug("process_attr(): Enter!");
        log.Debug("Processing cfg Request attributes");
        var policy = SessionPolicy.For(ctx.Config, Sa);
        var requested = attributes.Attributes.Select(a => a.Type).ToHashSet();
        foreach (var type in attributes.Attributes.Select(a => a.Type))
        {
            if (type == ModeCfgAttributes.InternalAddressExpiry)
                log.Main(IkeLog.Notice, $"Received unsupported transaction mode attribute: {type}");
            else if (type == ModeCfgAttributes.UnityDdnsHostname)
                log.Debug($"MODE_CFG: Received request for DHCP hostname for DDNS is: {Text(attributes, type)}!");
            else
                log.Debug($"MODE_CFG: Received request for {ModeCfgAttributes.RequestName(type)}!");
        }

        if (!AssignAddress(ctx, policy, log, wanted: requested.Contains(ModeCfgAttributes.InternalIp4Address))) return Refuse(ctx);
        var reply = Attributes(ctx, policy, requested, log);
        Send(ctx, message.MessageId, new AttributePayload(AttributePayload.Reply, attributes.Identifier, reply), log);
        SessionAccounting.Start(ctx, Sa);
        return TaskStatus.Done;
    }

    /// <summary>No address for the client, or a tunnel-group refused: the DELETE that makes the client stop at once.</summary>
    private TaskStatus Refuse(IkeContext ctx)
    {
        Informational.Terminate(ctx, Sa, keys);
        return TaskStatus.Failed;
    }

    /// <summary>The attributes of <paramref name="requested"/> that the policy configures, in the ASA's order.</summary>
    private List<DataAttribute> Attributes(IkeContext ctx, EffectivePolicy policy, HashSet<ushort> requested, IkeLog log)
    {
        var reply = new List<DataAttribute>();
        if (requested.Contains(ModeCfgAttributes.InternalIp4Address))
            if (Sa.AssignedAddress is { } assigned) reply.Add(Address(ModeCfgAttributes.InternalIp4Address, assigned));
        if (requested.Contains(ModeCfgAttributes.InternalIp4Netmask) && Netmask(ctx.Config, policy, Sa) is { } mask)
            reply.Add(Address(ModeCfgAttributes.InternalIp4Netmask, mask));
        if (requested.Contains(ModeCfgAttributes.InternalIp4Dns))
            reply.AddRange(policy.DnsServers.Select(d => Address(ModeCfgAttributes.InternalIp4Dns, d)));
        if (requested.Contains(ModeCfgAttributes.InternalIp4Nbns))
            reply.AddRange(policy.WinsServers.Select(w => Address(ModeCfgAttributes.InternalIp4Nbns, w)));
        if (requested.Contains(ModeCfgAttributes.UnityBanner) && policy.Banner.Count > 0)
            reply.Add(String(ModeCfgAttributes.UnityBanner, string.Join("\n", policy.Banner)));
        if (requested.Contains(ModeCfgAttributes.UnitySavePasswd))
            reply.Add(DataAttribute.Basic(ModeCfgAttributes.UnitySavePasswd, policy.PasswordStorage ? (ushort)1 : (ushort)0));
        if (requested.Contains(ModeCfgAttributes.UnityDefDomain) && policy.DefaultDomain is { } domain)
            reply.Add(String(ModeCfgAttributes.UnityDefDomain, domain));
        if (requested.Contains(ModeCfgAttributes.UnitySplitDns) && policy.SplitDns.Count > 0)
            reply.Add(String(ModeCfgAttributes.UnitySplitDns, string.Join(",", policy.SplitDns)));
        if (requested.Contains(ModeCfgAttributes.UnitySplitInclude) && SplitList(ctx.Config, policy, "tunnelspecified", ModeCfgAttributes.UnitySplitInclude, log) is { } split)
            reply.Add(split);
        // The split list is one request whatever its form: a client that asks only for the include list
        // (vpnc) gets the exclude list of excludespecified [M].
        if ((requested.Contains(ModeCfgAttributes.UnityLocalLan) || requested.Contains(ModeCfgAttributes.UnitySplitInclude)) && SplitList(ctx.Config, policy, "excludespecified", ModeCfgAttributes.UnityLocalLan, log) is { } exclude)
            reply.Add(exclude);
        if (requested.Contains(ModeCfgAttributes.UnityPfs))
            reply.Add(DataAttribute.Basic(ModeCfgAttributes.UnityPfs, policy.Pfs ? (ushort)1 : (ushort)0));
        if (requested.Contains(ModeCfgAttributes.UnityNattPort) && policy.IpsecUdp)
        {
            // The session's ESP then comes in UDP on that port (Cisco's IPsec over UDP), unless NAT-T is in use.
            Sa.IpsecUdpPort = (ushort)policy.IpsecUdpPort;
            reply.Add(DataAttribute.Basic(ModeCfgAttributes.UnityNattPort, Sa.IpsecUdpPort.Value));
        }
        if (requested.Contains(ModeCfgAttributes.UnityBackupServers) && BackupServers(policy) is { } backup)
            reply.Add(backup);
        if (requested.Contains(ModeCfgAttributes.ApplicationVersion))
            reply.Add(String(ModeCfgAttributes.ApplicationVersion, ApplicationVersion));
        return reply;
    }

    private void Send(IkeContext ctx, uint messageId, AttributePayload attributes, IkeLog log)
    {
        log.Debug("constructing blank hash payload");
        log.Debug("Send Client Browser Proxy Attributes!");
        log.Debug("Browser Proxy set to No-Modify. Browser Proxy data will NOT be included in the mode-cfg reply");
        log.Debug("Send Cisco Smartcard Removal Disconnect enable!!");
        log.Debug("constructing qm hash payload");
        var message = MessageProtection.Seal(Sa, keys, ExchangeType.Transaction, messageId, [attributes]);
        log.DecodeLine("SENDING", messageId, "HDR + HASH (8) + ATTR (14) + NONE (0)", message.Length);
        Sa.Tasks.Send(ctx, message);
    }

    /// <summary>
    /// The client's address, in <c>vpn-addr-assign</c> order: <c>aaa</c> (the server's Framed-IP-Address or
    /// the user's <c>vpn-framed-ip-address</c>), then <c>local</c> (the pools; DHCP is not emulated). A client
    /// that asked for none (<paramref name="wanted"/> false: a hardware client in network extension mode) gets
    /// none; its Quick Mode then decides whether <c>nem enable</c> lets it bring its network.
    /// </summary>
    private bool AssignAddress(IkeContext ctx, EffectivePolicy policy, IkeLog log, bool wanted)
    {
        if (Sa.AssignedAddress is null && !wanted) return true;
        if (Sa.AssignedAddress is null)
        {
            if (ctx.Config.AssignsBy(VpnAddrAssignOff.Aaa) && policy.FramedIp is { } framed) Sa.AssignedAddress = framed;
            else if (ctx.Config.AssignsBy(VpnAddrAssignOff.Local)
                && ctx.Services.Pools.Allocate(ctx.Config, policy.AddressPools, ctx.Now) is { } lease)
            {
                Sa.AssignedAddress = lease.Address;
                Sa.AddressPool = lease.Pool.Name;
            }
        }
        if (Sa.AssignedAddress is not { } address)
        {
            log.Syslog(713132, 3, "Cannot obtain an IP_address for remote peer");
            return false;
        }
        log.Main(IkeLog.Notice, $"Obtained IP addr ({address}) prior to initiating Mode Cfg (XAuth {(Sa.Username is null ? "disabled" : "enabled")})");
        log.Syslog(713228, 6, $"Assigned private IP address {address} to remote user");
        return true;
    }

    private static Ipv4? Netmask(AsaConfig config, EffectivePolicy policy, IkeSa sa) =>
        policy.FramedIp is not null && sa.AddressPool is null ? policy.FramedMask
        : sa.AddressPool is { } pool ? config.Get<IpLocalPool>(pool)?.Mask
        : null;

    /// <summary>
    /// UNITY_SPLIT_INCLUDE (<c>tunnelspecified</c>) or UNITY_LOCAL_LAN, the split-exclude list
    /// (<c>excludespecified</c>; an entry 0.0.0.0/255.255.255.255 is the Cisco client's local LAN access):
    /// one 14-byte entry per permitted network of the split-tunnel ACL: address (4), mask (4),
    /// protocol (2), source port (2), destination port (2), zeros for "any".
    /// </summary>
    private static DataAttribute? SplitList(AsaConfig config, EffectivePolicy policy, string splitPolicy, ushort type, IkeLog log)
    {
        if (policy.SplitTunnelPolicy != splitPolicy) return null;
        if (policy.SplitTunnelNetworkList is not { } acl)
        {
            log.Main(IkeLog.Milestone, "Split Tunneling Policy requires network list but none configured");
            return null;
        }
        var networks = config.SplitTunnelNetworks(acl);
        if (networks.Count == 0) return null;
        var value = new byte[14 * networks.Count];
        for (var i = 0; i < networks.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(i * 14), networks[i].Network.Value);
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(i * 14 + 4), networks[i].Mask.Value);
        }
        return DataAttribute.Variable(type, value);
    }

    /// <summary>
    /// UNITY_BACKUP_SERVERS: <c>keep-client-config</c> (the default) sends nothing, so the client keeps
    /// the list it has; a list of servers is sent comma-separated; <c>clear-client-config</c> sends the
    /// attribute empty, so the client forgets its list [M: the encoding of "clear"].
    /// </summary>
    private static DataAttribute? BackupServers(EffectivePolicy policy) => policy.BackupServers switch
    {
        ["keep-client-config"] or [] => null,
        ["clear-client-config"] => DataAttribute.Variable(ModeCfgAttributes.UnityBackupServers, ReadOnlyMemory<byte>.Empty),
        var servers => String(ModeCfgAttributes.UnityBackupServers, string.Join(",", servers)),
    };

    private static DataAttribute Address(ushort type, Ipv4 address) => DataAttribute.Variable(type, address.ToBytes());

    private static DataAttribute String(ushort type, string text) => DataAttribute.Variable(type, Encoding.UTF8.GetBytes(text));

    private static string Text(AttributePayload attributes, ushort type) =>
        attributes.Attributes.FirstOrDefault(a => a.Type == type) is { Short: false } a ? Encoding.UTF8.GetString(a.LongValue.Span) : "";
}

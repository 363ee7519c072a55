using System.Buffers.Binary;
using System.Text;
using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Mode Config (draft-dukes-ike-mode-cfg-02 §3.4) from the effective group policy (user attributes,
/// the user's policy, the tunnel-group's policy, DfltGrpPolicy). Pull, as vpnc and the Cisco client
/// do it: the client sends CFG_REQUEST, the ASA answers CFG_REPLY with what was both requested and
/// configured (reference §5.3). Push, for clients that wait for the server (strongSwan with
/// <c>pull = no</c>): when no request came within <see cref="PushAfter"/> of XAUTH, the ASA sends
/// CFG_SET with everything configured and waits for the CFG_ACK.
/// </summary>
public static class ModeConfigServer
{
    public const string ApplicationVersion = "Cisco Systems, Inc ASA5500 Version 9.8(4) built by builders on Wed 15-Nov-17 18:00";

    /// <summary>How long the headend waits for a client's CFG_REQUEST before it pushes (pulling clients ask at once) [M].</summary>
    public static readonly TimeSpan PushAfter = TimeSpan.FromSeconds(2);

    /// <summary>What a push offers: the attributes vpnc asks for, and the Unity backup servers.</summary>
    private static readonly ushort[] Pushed =
    [
        ModeCfgAttributes.InternalIp4Address, ModeCfgAttributes.InternalIp4Netmask, ModeCfgAttributes.InternalIp4Dns,
        ModeCfgAttributes.InternalIp4Nbns, ModeCfgAttributes.UnityBanner, ModeCfgAttributes.UnitySavePasswd,
        ModeCfgAttributes.UnityDefDomain, ModeCfgAttributes.UnitySplitDns, ModeCfgAttributes.UnitySplitInclude,
        ModeCfgAttributes.UnityPfs, ModeCfgAttributes.UnityBackupServers, ModeCfgAttributes.ApplicationVersion,
    ];

    /// <summary>Sends CFG_SET with the configured attributes; false when the session cannot go on (no address for the client).</summary>
    public static bool Push(IkeContext ctx, IkeSa sa, AddressAllocator pools, string nameIf)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        var policy = EffectivePolicy.Resolve(ctx.Config, sa.TunnelGroup, sa.Username, nameIf);
        if (!AssignAddress(ctx, sa, policy, pools, log)) return false;
        var attributes = Attributes(ctx, sa, policy, [.. Pushed], log);
        log.Debug("Sending MODE_CFG Set attributes (no request from the client)");
        sa.TransactionId = ctx.RandomMessageId();
        Send(ctx, sa, sa.TransactionId, new AttributePayload(AttributePayload.Set, 0, attributes), log);
        sa.State = IkeSaState.AmTmWaitModeCfgAck;
        return true;
    }

    /// <summary>Answers a CFG_REQUEST; false when the session cannot go on (no address for the client).</summary>
    public static bool Process(IkeContext ctx, IkeSa sa, AttributePayload request, uint messageId, AddressAllocator pools, string nameIf)
    {
        var log = new IkeLog(sa, sa.Peer.Address.ToString(), ctx.Outputs);
        log.Debug("process_attr(): Enter!");
        if (request.ConfigType != AttributePayload.Request) return true;
        log.Debug("Processing cfg Request attributes");
        var policy = EffectivePolicy.Resolve(ctx.Config, sa.TunnelGroup, sa.Username, nameIf);
        var requested = request.Attributes.Select(a => a.Type).ToHashSet();
        foreach (var type in request.Attributes.Select(a => a.Type))
        {
            if (type == ModeCfgAttributes.InternalAddressExpiry)
                log.Main(IkeLog.Notice, $"Received unsupported transaction mode attribute: {type}");
            else if (type == ModeCfgAttributes.UnityDdnsHostname)
                log.Debug($"MODE_CFG: Received request for DHCP hostname for DDNS is: {Text(request, type)}!");
            else
                log.Debug($"MODE_CFG: Received request for {ModeCfgAttributes.RequestName(type)}!");
        }

        if (!AssignAddress(ctx, sa, policy, pools, log)) return false;
        var reply = Attributes(ctx, sa, policy, requested, log);
        Send(ctx, sa, messageId, new AttributePayload(AttributePayload.Reply, request.Identifier, reply), log);
        return true;
    }

    /// <summary>The attributes of <paramref name="requested"/> that the policy configures, in the ASA's order.</summary>
    private static List<DataAttribute> Attributes(IkeContext ctx, IkeSa sa, EffectivePolicy policy, HashSet<ushort> requested, IkeLog log)
    {
        var reply = new List<DataAttribute>();
        if (requested.Contains(ModeCfgAttributes.InternalIp4Address))
            reply.Add(Address(ModeCfgAttributes.InternalIp4Address, sa.AssignedAddress!.Value));
        if (requested.Contains(ModeCfgAttributes.InternalIp4Netmask) && Netmask(ctx.Config, policy, sa) is { } mask)
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
        if (requested.Contains(ModeCfgAttributes.UnitySplitInclude) && SplitList(ctx.Config, policy, log) is { } split)
            reply.Add(split);
        if (requested.Contains(ModeCfgAttributes.UnityPfs))
            reply.Add(DataAttribute.Basic(ModeCfgAttributes.UnityPfs, policy.Pfs ? (ushort)1 : (ushort)0));
        if (requested.Contains(ModeCfgAttributes.UnityBackupServers) && policy.BackupServers.Count > 0)
            reply.Add(String(ModeCfgAttributes.UnityBackupServers, string.Join(",", policy.BackupServers)));
        if (requested.Contains(ModeCfgAttributes.ApplicationVersion))
            reply.Add(String(ModeCfgAttributes.ApplicationVersion, ApplicationVersion));
        return reply;
    }

    private static void Send(IkeContext ctx, IkeSa sa, uint messageId, AttributePayload attributes, IkeLog log)
    {
        log.Debug("constructing blank hash payload");
        log.Debug("Send Client Browser Proxy Attributes!");
        log.Debug("Browser Proxy set to No-Modify. Browser Proxy data will NOT be included in the mode-cfg reply");
        log.Debug("Send Cisco Smartcard Removal Disconnect enable!!");
        log.Debug("constructing qm hash payload");
        var message = MessageProtection.Seal(sa, ExchangeType.Transaction, messageId, [attributes]);
        log.DecodeLine("SENDING", messageId, "HDR + HASH (8) + ATTR (14) + NONE (0)", message.Length);
        sa.LastSent = message;
        ctx.Outputs.Send(new IkeDatagram(sa.Local, sa.Peer, message));
    }

    private static bool AssignAddress(IkeContext ctx, IkeSa sa, EffectivePolicy policy, AddressAllocator pools, IkeLog log)
    {
        if (sa.AssignedAddress is null)
        {
            if (policy.FramedIp is { } framed) sa.AssignedAddress = framed;
            else if (pools.Allocate(ctx.Config, policy.AddressPools) is { } lease)
            {
                sa.AssignedAddress = lease.Address;
                sa.AddressPool = lease.Pool.Name;
            }
        }
        if (sa.AssignedAddress is not { } address)
        {
            log.Syslog(713132, 3, "Cannot obtain an IP_address for remote peer");
            return false;
        }
        log.Main(IkeLog.Notice, $"Obtained IP addr ({address}) prior to initiating Mode Cfg (XAuth {(sa.Username is null ? "disabled" : "enabled")})");
        log.Syslog(713228, 6, $"Assigned private IP address {address} to remote user");
        return true;
    }

    private static Ipv4? Netmask(AsaConfig config, EffectivePolicy policy, IkeSa sa) =>
        policy.FramedIp is not null ? policy.FramedMask
        : sa.AddressPool is { } pool ? config.Get<IpLocalPool>(pool)?.Mask
        : null;

    /// <summary>
    /// UNITY_SPLIT_INCLUDE: one 14-byte entry per permitted network of the split-tunnel ACL:
    /// address (4), mask (4), protocol (2), source port (2), destination port (2), zeros for "any".
    /// </summary>
    private static DataAttribute? SplitList(AsaConfig config, EffectivePolicy policy, IkeLog log)
    {
        if (policy.SplitTunnelPolicy != "tunnelspecified") return null;
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
        return DataAttribute.Variable(ModeCfgAttributes.UnitySplitInclude, value);
    }

    private static DataAttribute Address(ushort type, Ipv4 address) => DataAttribute.Variable(type, address.ToBytes());

    private static DataAttribute String(ushort type, string text) => DataAttribute.Variable(type, Encoding.UTF8.GetBytes(text));

    private static string Text(AttributePayload attributes, ushort type) =>
        attributes.Attributes.FirstOrDefault(a => a.Type == type) is { Short: false } a ? Encoding.UTF8.GetString(a.LongValue.Span) : "";
}

namespace AsaEmu.ConfigModel.Modes;

/// <summary>The kinds of config mode; each has its own command tree and prompt.</summary>
public enum ModeKind
{
    Global,
    Interface,
    Ikev1Policy,
    /// <summary><c>crypto ikev2 policy N</c>.</summary>
    Ikev2Policy,
    /// <summary><c>crypto ipsec ikev2 ipsec-proposal NAME</c>.</summary>
    Ikev2IpsecProposal,
    TunnelGeneral,
    TunnelIpsec,
    GroupPolicy,
    Username,
    NetworkObject,
    /// <summary><c>aaa-server NAME protocol P</c>: the group's settings.</summary>
    AaaServerGroup,
    /// <summary><c>aaa-server NAME (IF) host ADDR</c>: one server's settings; the key is the group and the address.</summary>
    AaaServerHost,
    /// <summary>
    /// An unmodelled block of a tunnel-group (<c>webvpn-attributes</c>, <c>ppp-attributes</c>): its lines
    /// are kept verbatim inside the tunnel-group; the prompt is carried in <see cref="ConfigMode.VerbatimPrompt"/>.
    /// </summary>
    TunnelAttributes,
    /// <summary>A sub-mode AsaEmu keeps verbatim (policy-map, dns server-group, webvpn, ...).</summary>
    Verbatim,
}

/// <summary>
/// A config mode and the object it edits, e.g. (TunnelIpsec, "EZ"). <see cref="Prompt"/> is the
/// part shown between the hostname and <c>#</c>: <c>(config-tunnel-ipsec)</c>.
/// </summary>
public sealed record ConfigMode(ModeKind Kind, string Key = "", string? VerbatimPrompt = null)
{
    public static readonly ConfigMode Global = new(ModeKind.Global);

    public string Prompt => Kind switch
    {
        ModeKind.Global => "config",
        ModeKind.Interface => Key.Contains('.') ? "config-subif" : "config-if",
        ModeKind.Ikev1Policy => "config-ikev1-policy",
        ModeKind.Ikev2Policy => "config-ikev2-policy",
        ModeKind.Ikev2IpsecProposal => "config-ipsec-proposal", // [M] (reference §1.2)
        ModeKind.TunnelGeneral => "config-tunnel-general",
        ModeKind.TunnelIpsec => "config-tunnel-ipsec",
        ModeKind.GroupPolicy => "config-group-policy",
        ModeKind.Username => "config-username",
        ModeKind.NetworkObject => "config-network-object",
        ModeKind.AaaServerGroup => "config-aaa-server-group",
        ModeKind.AaaServerHost => "config-aaa-server-host",
        ModeKind.TunnelAttributes => VerbatimPrompt ?? "config-tunnel-general",
        ModeKind.Verbatim => VerbatimPrompt ?? "config",
        _ => "config",
    };
}

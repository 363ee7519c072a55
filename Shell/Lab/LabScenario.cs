namespace AsaEmu.Shell.Lab;

/// <summary>
/// A variant of the lab: what the client (vpnc) is told differently from the ASA, and what one
/// sees because of it. <see cref="TunnelExpected"/> is false for the failures made on purpose.
/// </summary>
public sealed record LabScenario(string Name, string Summary, bool TunnelExpected)
{
    public string Secret { get; init; } = "cisco";
    public string XauthPassword { get; init; } = "cisco";
    public string DhGroup { get; init; } = "dh2";
    public string Pfs { get; init; } = "server";
    public string NatTraversal { get; init; } = "natt";

    /// <summary>Lines appended to the lab's ASA config.</summary>
    public IReadOnlyList<string> ConfigLines { get; init; } = [];

    /// <summary>
    /// A LAN-to-LAN lab: no vpnc; the client namespace runs a second AsaEmu as site B (<see cref="LabPeerAsa"/>),
    /// its LAN <see cref="LabNetwork.SiteBNet"/>, and the tunnel comes up on the first ping between the sites.
    /// </summary>
    public bool Site { get; init; }

    public const string LanToLanName = "l2l";

    public const string DefaultName = "default";

    public static readonly IReadOnlyList<LabScenario> All =
    [
        new(DefaultName, "everything matches: AM with PSK, XAUTH, Mode Config, Quick Mode; ESP in IP protocol 50 (no NAT between them)", true),
        new("wrong-psk", "vpnc's group secret is wrong: the keys differ, vpnc rejects the HASH of AM message 2, the ASA waits in AM_WAIT_MSG3", false) { Secret = "wrong-secret" },
        new("no-proposal", "vpnc offers only DH group 14, isakmp policy 10 wants group 2: no phase 1 proposal is acceptable", false) { DhGroup = "dh14" },
        new("bad-xauth", "the group secret is right but the user's password is wrong: phase 1 completes, XAUTH fails", false) { XauthPassword = "wrong-password" },
        new("natt", "vpnc claims to be behind NAT (force-natt): IKE floats to UDP 4500 and ESP is UDP-encapsulated", true) { NatTraversal = "force-natt" },
        new("no-natt", "vpnc offers no NAT-T at all: no NAT-T vendor IDs or NAT-D payloads, ESP in IP protocol 50", true) { NatTraversal = "none" },
        new("pfs", "vpnc asks for PFS group 2 and the dynamic map sets pfs group2: Quick Mode carries a KE payload", true)
        {
            Pfs = "dh2",
            ConfigLines = ["crypto dynamic-map DYN 10 set pfs group2"],
        },
        new(LanToLanName, $"two sites: this ASA and a second AsaEmu (site B, {LabNetwork.ClientAddress}, its LAN {LabNetwork.SiteBNet}); " +
            "a LAN-to-LAN crypto map, main mode, the tunnel comes up on the first ping", true)
        {
            Site = true,
            ConfigLines = LabPeerAsa.SiteLines(LabNetwork.InsideNet, LabNetwork.SiteBNet, LabNetwork.ClientAddress),
        },
    ];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static LabScenario Find(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"unknown scenario '{name}' (one of: {string.Join(", ", Names)})", nameof(name));

    /// <summary>The vpnc profile (the kit's, pointed at the lab's ASA) with this scenario's changes.</summary>
    public string VpncProfile() => string.Join('\n',
    [
        $"IPSec gateway {LabNetwork.AsaOutside}",
        "IPSec ID EZ",
        $"IPSec secret {Secret}",
        "Xauth username cisco",
        $"Xauth password {XauthPassword}",
        "IKE Authmode psk",
        $"IKE DH Group {DhGroup}",
        $"Perfect Forward Secrecy {Pfs}",
        "Vendor cisco",
        $"NAT Traversal Mode {NatTraversal}",
        "Local Port 500",
        "Interface name tun0",
        "Interface mode tun",
        "DPD idle timeout (our side) 300",
        "Noninteractive",
        "",
    ]);
}

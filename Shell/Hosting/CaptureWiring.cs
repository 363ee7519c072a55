using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// Connects the appliance's captures to the running IKE service and ESP dataplane: the taps of
/// their sockets and TUN loop, and the keys of each SA pair installed while a capture exists.
/// </summary>
public static class CaptureWiring
{
    /// <summary>Before <paramref name="ike"/> starts: its sockets get the taps as they are bound, its SA pairs are remembered. The ESP dataplane gets them when it is made.</summary>
    public static void Attach(CaptureHub captures, IkeService ike)
    {
        ike.Capture = captures;
        ike.Installed += child => Remember(captures, ike, child);
    }

    /// <summary>Keeps the SA pair's keys and its IKE SA's, so an export decrypts after the SAs are gone.</summary>
    private static void Remember(CaptureHub captures, IkeService ike, ChildSa child)
    {
        if (captures.All.Count == 0) return;
        captures.Keys.Add(child);
        foreach (var sa in ike.Status.Sas)
            if (sa.CookieI == child.IkeCookieI && sa.Keys is { } keys) captures.Keys.Add(new IkeSaKeys(sa.CookieI, keys.EncryptionKey.ToArray()));
    }

    /// <summary>The keys to export: those remembered, then those of the SAs up now (IKE SAs that never reached Quick Mode included).</summary>
    public static (IReadOnlyList<EspSaKeys> Esp, IReadOnlyList<IkeSaKeys> Ike) Current(CaptureHub captures, IkeService? ike)
    {
        if (ike is not null)
            foreach (var sa in ike.Status.Sas)
            {
                if (sa.Keys is { } keys) captures.Keys.Add(new IkeSaKeys(sa.CookieI, keys.EncryptionKey.ToArray()));
                foreach (var child in sa.Children) captures.Keys.Add(child);
            }
        return (captures.Keys.Esp, captures.Keys.Ike);
    }
}

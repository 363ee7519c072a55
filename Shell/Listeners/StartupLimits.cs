namespace AsaEmu.Shell.Listeners;

/// <summary>
/// How many connections that have not logged in yet a listener holds, after OpenSSH's
/// <c>MaxStartups start:rate:full</c> and <c>PerSourceMaxStartups</c> (sshd_config(5)): past
/// <see cref="Start"/> such connections a new one is refused with probability <see cref="Rate"/>%,
/// rising linearly to 100% at <see cref="Full"/>; one source never holds more than
/// <see cref="PerSource"/>. Logged-in sessions do not count.
/// </summary>
/// <param name="Start">Unauthenticated connections admitted without question.</param>
/// <param name="Rate">Percent refused once <see cref="Start"/> are open.</param>
/// <param name="Full">Unauthenticated connections past which every new one is refused.</param>
/// <param name="PerSource">Unauthenticated connections one source address may hold.</param>
public sealed record StartupLimits(int Start, int Rate, int Full, int PerSource)
{
    /// <summary>
    /// OpenSSH's MaxStartups default, 10:30:100, with 8 per source: below <see cref="Start"/>, so
    /// a flood from one address never makes anyone else's connection a gamble.
    /// </summary>
    public static readonly StartupLimits Ssh = new(10, 30, 100, 8);

    /// <summary>Telnet is for a lab's few users: fewer unauthenticated connections (its logged-in sessions are 5).</summary>
    public static readonly StartupLimits Telnet = new(5, 30, 20, 4);

    public int Start { get; } = Start >= 1 ? Start : throw new ArgumentOutOfRangeException(nameof(Start));
    public int Rate { get; } = Rate is >= 0 and <= 100 ? Rate : throw new ArgumentOutOfRangeException(nameof(Rate));
    public int Full { get; } = Full >= Start ? Full : throw new ArgumentOutOfRangeException(nameof(Full));
    public int PerSource { get; } = PerSource >= 1 ? PerSource : throw new ArgumentOutOfRangeException(nameof(PerSource));

    public override string ToString() => $"{Start}:{Rate}:{Full}, {PerSource} per source";
}

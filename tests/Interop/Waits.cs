namespace AsaEmu.Interop;

/// <summary>Polling with a deadline: interop tests wait for real processes, never for a fixed time.</summary>
public static class Waits
{
    public static bool For(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            Thread.Sleep(100);
        }
        return condition();
    }
}

namespace Supervision;

/// <summary>How a supervisor stops its children.</summary>
public enum StopOrder
{
    /// <summary>
    /// In reverse start order, one slot (type or group) after the other, each instance within its stop timeout (OTP).
    /// When what is left of the stop's time cannot cover the slots still running one after the other, they are all
    /// asked at once, each instance still given its own stop timeout as far as the time allows.
    /// </summary>
    Reverse,

    /// <summary>Every child is asked at once, then each is given its stop timeout (Foreman).</summary>
    AllAtOnce,
}

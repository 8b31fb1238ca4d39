using System.Net;
using System.Net.Sockets;

namespace Streamline.Core.Automation.Scraper;

/// <summary>Which addresses the scraper may connect to without an allowlist: public unicast ones only.</summary>
public static class AddressPolicy
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this network"
                     || b[0] == 10                               // private
                     || (b[0] == 100 && b[1] >= 64 && b[1] < 128) // carrier-grade NAT
                     || b[0] == 127
                     || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata endpoints
                     || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // IETF protocol assignments
                     || (b[0] == 198 && b[1] is 18 or 19)        // benchmarking
                     || b[0] >= 224);                            // multicast, reserved, broadcast
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || address.IsIPv6UniqueLocal || address.IsIPv4MappedToIPv6) return false;
            var b = address.GetAddressBytes();
            // IPv4-compatible and NAT64 forms carry an IPv4 address that could be a private one.
            if (b.Take(12).All(x => x == 0)) return false;
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) return false;
            return true;
        }
        return false;
    }
}

/* Prints the sizes and offsets layout_test.go pins, from mingw-w64's
   headers, one "NAME VALUE" per line. Built and run by the Wine tests. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <stddef.h>
#include <stdio.h>

#define SIZE(T) printf("%s %u\n", #T, (unsigned)sizeof(T))
#define OFF(T, F) printf("%s.%s %u\n", #T, #F, (unsigned)offsetof(T, F))

int main(void) {
	SIZE(SOCKADDR_INET);
	SIZE(IP_ADDRESS_PREFIX);
	SIZE(MIB_IF_ROW2);
	OFF(MIB_IF_ROW2, InterfaceIndex);
	OFF(MIB_IF_ROW2, Alias);
	OFF(MIB_IF_ROW2, Description);
	OFF(MIB_IF_ROW2, PhysicalAddressLength);
	OFF(MIB_IF_ROW2, PhysicalAddress);
	OFF(MIB_IF_ROW2, Mtu);
	OFF(MIB_IF_ROW2, Type);
	OFF(MIB_IF_ROW2, OperStatus);
	OFF(MIB_IF_ROW2, AdminStatus);
	OFF(MIB_IF_ROW2, MediaConnectState);
	OFF(MIB_IF_ROW2, InOctets);
	OFF(MIB_IF_ROW2, InMulticastOctets);
	OFF(MIB_IF_ROW2, OutOctets);
	OFF(MIB_IF_ROW2, OutErrors);
	SIZE(MIB_UNICASTIPADDRESS_ROW);
	OFF(MIB_UNICASTIPADDRESS_ROW, InterfaceIndex);
	OFF(MIB_UNICASTIPADDRESS_ROW, PrefixOrigin);
	OFF(MIB_UNICASTIPADDRESS_ROW, SuffixOrigin);
	OFF(MIB_UNICASTIPADDRESS_ROW, ValidLifetime);
	OFF(MIB_UNICASTIPADDRESS_ROW, PreferredLifetime);
	OFF(MIB_UNICASTIPADDRESS_ROW, OnLinkPrefixLength);
	OFF(MIB_UNICASTIPADDRESS_ROW, DadState);
	SIZE(MIB_IPFORWARD_ROW2);
	OFF(MIB_IPFORWARD_ROW2, InterfaceIndex);
	OFF(MIB_IPFORWARD_ROW2, DestinationPrefix);
	OFF(MIB_IPFORWARD_ROW2, NextHop);
	OFF(MIB_IPFORWARD_ROW2, ValidLifetime);
	OFF(MIB_IPFORWARD_ROW2, PreferredLifetime);
	OFF(MIB_IPFORWARD_ROW2, Metric);
	OFF(MIB_IPFORWARD_ROW2, Protocol);
	OFF(MIB_IPFORWARD_ROW2, Loopback);
	OFF(MIB_IPFORWARD_ROW2, AutoconfigureAddress);
	OFF(MIB_IPFORWARD_ROW2, Origin);
	SIZE(MIB_IPNET_ROW2);
	OFF(MIB_IPNET_ROW2, InterfaceIndex);
	OFF(MIB_IPNET_ROW2, PhysicalAddress);
	OFF(MIB_IPNET_ROW2, PhysicalAddressLength);
	OFF(MIB_IPNET_ROW2, State);
	OFF(MIB_IPNET_ROW2, Flags);
	SIZE(MIB_IPINTERFACE_ROW);
	OFF(MIB_IPINTERFACE_ROW, InterfaceIndex);
	OFF(MIB_IPINTERFACE_ROW, SitePrefixLength);
	OFF(MIB_IPINTERFACE_ROW, Metric);
	OFF(MIB_IPINTERFACE_ROW, NlMtu);
	return 0;
}

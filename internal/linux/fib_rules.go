package linux

// SizeofFibRuleHdr is the size of struct fib_rule_hdr: family, dst_len,
// src_len, tos, table, res1, res2, action (u8 each), flags u32.
const SizeofFibRuleHdr = 12

// linux/fib_rules.h: rule flags (fib_rule_hdr.flags).
const (
	FIB_RULE_PERMANENT    = 0x1
	FIB_RULE_INVERT       = 0x2
	FIB_RULE_UNRESOLVED   = 0x4
	FIB_RULE_IIF_DETACHED = 0x8
	FIB_RULE_DEV_DETACHED = FIB_RULE_IIF_DETACHED
	FIB_RULE_OIF_DETACHED = 0x10
	FIB_RULE_FIND_SADDR   = 0x10000
)

// linux/fib_rules.h: rule attributes (FRA_*).
const (
	FRA_UNSPEC             = 0
	FRA_DST                = 1
	FRA_SRC                = 2
	FRA_IIFNAME            = 3
	FRA_GOTO               = 4
	FRA_UNUSED2            = 5 // RTA_GATEWAY, which ip's nat still sends
	FRA_PRIORITY           = 6
	FRA_FWMARK             = 10
	FRA_FLOW               = 11
	FRA_TUN_ID             = 12
	FRA_SUPPRESS_IFGROUP   = 13
	FRA_SUPPRESS_PREFIXLEN = 14
	FRA_TABLE              = 15
	FRA_FWMASK             = 16
	FRA_OIFNAME            = 17
	FRA_PAD                = 18
	FRA_L3MDEV             = 19
	FRA_UID_RANGE          = 20
	FRA_PROTOCOL           = 21
	FRA_IP_PROTO           = 22
	FRA_SPORT_RANGE        = 23
	FRA_DPORT_RANGE        = 24
)

// linux/fib_rules.h: rule actions (fib_rule_hdr.action). ip's nat sets
// RTN_NAT (10), which the kernel still takes.
const (
	FR_ACT_UNSPEC      = 0
	FR_ACT_TO_TBL      = 1
	FR_ACT_GOTO        = 2
	FR_ACT_NOP         = 3
	FR_ACT_BLACKHOLE   = 6
	FR_ACT_UNREACHABLE = 7
	FR_ACT_PROHIBIT    = 8
)

// linux/fib_rules.h: struct fib_rule_uid_range (two u32) and struct
// fib_rule_port_range (two u16).
const (
	SizeofFibRuleUIDRange  = 8
	SizeofFibRulePortRange = 4
)

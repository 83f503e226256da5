package backend_bsd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The cross-check reads golang.org/x/sys/unix's generated ztypes_ and
// zerrors_ files and golang.org/x/net/route's zsys_ and sys_ files, at
// the versions go.mod pins, from the module cache. Those files are made
// by cgo -godefs on each real system, so they are a reference this
// package did not write.

// xrefModules finds the module directories of x/sys and x/net,
// downloading them when the cache lacks them (a fresh machine with only
// Go). It skips the test with a one-line reason when it cannot, and
// fails it under RTNLX_STRICT=1.
func xrefModules(t *testing.T) (sysDir, netDir string) {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			xrefSkip(t, "no go command to locate x/sys and x/net: %v", err)
		}
	}
	paths := []string{"golang.org/x/sys", "golang.org/x/net"}
	dirs, err := goModDirs(goBin, "list", paths)
	if err == nil && (dirs[paths[0]] == "" || dirs[paths[1]] == "") {
		dirs, err = goModDirs(goBin, "download", paths)
	}
	if err != nil {
		xrefSkip(t, "cannot get x/sys and x/net into the module cache: %v", err)
	}
	for _, p := range paths {
		if dirs[p] == "" {
			xrefSkip(t, "module %s has no directory in the module cache", p)
		}
	}
	return dirs[paths[0]], dirs[paths[1]]
}

// goModDirs runs `go list -m -json` or `go mod download -json` for the
// modules and returns their directories by path.
func goModDirs(goBin, verb string, paths []string) (map[string]string, error) {
	args := append([]string{"list", "-m", "-json"}, paths...)
	if verb == "download" {
		args = append([]string{"mod", "download", "-json"}, paths...)
	}
	cmd := exec.Command(goBin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	dirs := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var m struct{ Path, Dir, Error string }
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		if m.Error != "" {
			return nil, errors.New(m.Error)
		}
		dirs[m.Path] = m.Dir
	}
	return dirs, nil
}

func xrefSkip(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("RTNLX_STRICT") == "1" {
		t.Fatalf("missing test prerequisite (RTNLX_STRICT=1): "+format, args...)
	}
	t.Skipf(format, args...)
}

// xsys is what x/sys/unix says about one GOOS/GOARCH.
type xsys struct {
	consts  map[string]int64 // zerrors' and ztypes' integer constants
	syscall map[string]int64 // GOROOT's syscall/zerrors_<os>_<arch>.go
	pkg     *types.Package   // ztypes, type-checked with the arch's sizes
	sizes   types.Sizes
}

// loadXsys type-checks ztypes_<os>_<arch>.go with the architecture's
// sizes and reads the integer constants of it and zerrors_<os>_<arch>.go.
func loadXsys(dir, goos, goarch string) (*xsys, error) {
	fset := token.NewFileSet()
	ztypes, err := parser.ParseFile(fset, filepath.Join(dir, "unix", "ztypes_"+goos+"_"+goarch+".go"), nil, 0)
	if err != nil {
		return nil, err
	}
	zerrors, err := parser.ParseFile(fset, filepath.Join(dir, "unix", "zerrors_"+goos+"_"+goarch+".go"), nil, 0)
	if err != nil {
		return nil, err
	}
	x := &xsys{consts: map[string]int64{}, sizes: types.SizesFor("gc", goarch)}
	if x.sizes == nil {
		return nil, fmt.Errorf("no gc sizes for %s", goarch)
	}
	// ztypes declares its own C types and imports nothing; errors in
	// declarations this check does not use are collected, not fatal.
	var typeErrs []error
	conf := types.Config{Sizes: x.sizes, Error: func(err error) { typeErrs = append(typeErrs, err) }}
	x.pkg, _ = conf.Check("unix", fset, []*ast.File{ztypes}, nil)
	for _, name := range x.pkg.Scope().Names() {
		if c, ok := x.pkg.Scope().Lookup(name).(*types.Const); ok {
			if v, exact := constant.Int64Val(constant.ToInt(c.Val())); exact {
				x.consts[name] = v
			}
		}
	}
	// zerrors imports syscall for its Errno and Signal tables; its
	// plain integer constants are literals, read from the syntax.
	for name, v := range literalConsts(zerrors) {
		x.consts[name] = v
	}
	x.syscall = map[string]int64{}
	if f, err := parser.ParseFile(fset, filepath.Join(runtime.GOROOT(), "src", "syscall", "zerrors_"+goos+"_"+goarch+".go"), nil, 0); err == nil {
		x.syscall = literalConsts(f)
	}
	if _, ok := x.consts["SizeofPtr"]; !ok {
		return nil, fmt.Errorf("ztypes_%s_%s.go did not type-check: %v", goos, goarch, typeErrs)
	}
	return x, nil
}

// literalConsts reads the constants whose value is an integer literal.
func literalConsts(f *ast.File) map[string]int64 {
	out := map[string]int64{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i >= len(vs.Values) {
					continue
				}
				e := vs.Values[i]
				neg := false
				if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.SUB {
					e, neg = u.X, true
				}
				lit, ok := e.(*ast.BasicLit)
				if !ok || lit.Kind != token.INT {
					continue
				}
				v := constant.MakeFromLiteral(lit.Value, token.INT, 0)
				if neg {
					v = constant.UnaryOp(token.SUB, v, 0)
				}
				if i64, exact := constant.Int64Val(v); exact {
					out[n.Name] = i64
				} else if u64, exact := constant.Uint64Val(v); exact {
					out[n.Name] = int64(u64)
				}
			}
		}
	}
	return out
}

// konst returns a constant and whether x/sys has it.
func (x *xsys) konst(name string) (int64, bool) {
	v, ok := x.consts[name]
	return v, ok
}

// field locates a field of a struct type by a dotted path ("Rmx.Mtu"):
// its offset from the start of the struct and its size. ok is false when
// the type or a field on the path does not exist.
func (x *xsys) field(typeName, path string) (off, size int64, ok bool) {
	obj := x.pkg.Scope().Lookup(typeName)
	if obj == nil {
		return 0, 0, false
	}
	typ := obj.Type()
	for _, name := range strings.Split(path, ".") {
		st, isStruct := typ.Underlying().(*types.Struct)
		if !isStruct {
			return 0, 0, false
		}
		var fields []*types.Var
		idx := -1
		for i := 0; i < st.NumFields(); i++ {
			fields = append(fields, st.Field(i))
			if st.Field(i).Name() == name {
				idx = i
			}
		}
		if idx < 0 {
			return 0, 0, false
		}
		off += x.sizes.Offsetsof(fields)[idx]
		typ = fields[idx].Type()
	}
	return off, x.sizes.Sizeof(typ), true
}

// sizeof is the size of a named type; ok is false when x/sys lacks it.
func (x *xsys) sizeof(typeName string) (int64, bool) {
	obj := x.pkg.Scope().Lookup(typeName)
	if obj == nil {
		return 0, false
	}
	return x.sizes.Sizeof(obj.Type()), true
}

// xnet is what x/net/route's probeRoutingStack says about one
// GOOS/GOARCH, on the newest kernel it knows.
type xnet struct {
	align   int                // the sockaddr alignment it returns
	formats map[string]xnetFmt // by RTM_* name
	consts  map[string]int64   // zsys' sizeof constants
}

// xnetFmt is one wireFormat: the variable it is held in (rtm, ifm, ifam,
// ifanm, ...) and its bodyOff, -1 when the header says its own length.
type xnetFmt struct {
	kind    string
	bodyOff int64
}

// loadXnet reads zsys_<os>[_<arch>].go and sys_<os>.go of x/net/route.
// It follows probeRoutingStack for the newest kernel: of an `if` on a
// kernel release it takes the body, of a switch the default, and of an
// `if compatFreeBSD32` the native branch.
func loadXnet(dir, goos, goarch string, wordSize int) (*xnet, error) {
	fset := token.NewFileSet()
	zname := filepath.Join(dir, "route", "zsys_"+goos+"_"+goarch+".go")
	if _, err := os.Stat(zname); err != nil {
		zname = filepath.Join(dir, "route", "zsys_"+goos+".go")
	}
	zsys, err := parser.ParseFile(fset, zname, nil, 0)
	if err != nil {
		return nil, err
	}
	sys, err := parser.ParseFile(fset, filepath.Join(dir, "route", "sys_"+goos+".go"), nil, 0)
	if err != nil {
		return nil, err
	}
	xn := &xnet{formats: map[string]xnetFmt{}, consts: literalConsts(zsys)}
	var probe *ast.FuncDecl
	for _, d := range sys.Decls {
		if f, ok := d.(*ast.FuncDecl); ok && f.Name.Name == "probeRoutingStack" {
			probe = f
		}
	}
	if probe == nil {
		return nil, errors.New("sys_" + goos + ".go has no probeRoutingStack")
	}
	eval := func(e ast.Expr) (int64, error) {
		switch e := e.(type) {
		case *ast.BasicLit:
			return literalInt(e.Value)
		case *ast.UnaryExpr:
			v, err := literalIntExpr(e.X)
			return -v, err
		case *ast.Ident:
			if v, ok := xn.consts[e.Name]; ok {
				return v, nil
			}
			if e.Name == "align" {
				return int64(wordSize), nil
			}
		case *ast.BinaryExpr:
			a, err1 := evalIdent(xn.consts, e.X)
			b, err2 := evalIdent(xn.consts, e.Y)
			if err1 == nil && err2 == nil && e.Op == token.SUB {
				return a - b, nil
			}
		case *ast.CallExpr: // int(unsafe.Sizeof(p))
			if s := exprString(fset, e); strings.Contains(s, "unsafe.Sizeof") {
				return int64(wordSize), nil
			}
		}
		return 0, fmt.Errorf("cannot evaluate %s", exprString(fset, e))
	}
	type wf struct{ extOff, bodyOff int64 }
	vars := map[string]*wf{}
	var walk func(stmts []ast.Stmt) error
	walk = func(stmts []ast.Stmt) error {
		for _, s := range stmts {
			switch s := s.(type) {
			case *ast.AssignStmt:
				if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
					continue
				}
				if u, ok := s.Rhs[0].(*ast.UnaryExpr); ok {
					if cl, ok := u.X.(*ast.CompositeLit); ok && exprString(fset, cl.Type) == "wireFormat" {
						w := &wf{}
						for _, el := range cl.Elts {
							kv := el.(*ast.KeyValueExpr)
							v, err := eval(kv.Value)
							if err != nil {
								return err
							}
							switch kv.Key.(*ast.Ident).Name {
							case "extOff":
								w.extOff = v
							case "bodyOff":
								w.bodyOff = v
							}
						}
						vars[s.Lhs[0].(*ast.Ident).Name] = w
						continue
					}
				}
				if sel, ok := s.Lhs[0].(*ast.SelectorExpr); ok {
					w := vars[exprString(fset, sel.X)]
					if w == nil || (sel.Sel.Name != "bodyOff" && sel.Sel.Name != "extOff") {
						continue
					}
					v, err := eval(s.Rhs[0])
					if err != nil {
						return err
					}
					if sel.Sel.Name == "bodyOff" {
						w.bodyOff = v
					} else {
						w.extOff = v
					}
				}
			case *ast.IfStmt:
				if strings.Contains(exprString(fset, s.Cond), "compatFreeBSD32") {
					if s.Else != nil {
						if err := walk(s.Else.(*ast.BlockStmt).List); err != nil {
							return err
						}
					}
					continue
				}
				if err := walk(s.Body.List); err != nil {
					return err
				}
			case *ast.SwitchStmt:
				for _, c := range s.Body.List {
					if cc := c.(*ast.CaseClause); cc.List == nil {
						if err := walk(cc.Body); err != nil {
							return err
						}
					}
				}
			case *ast.ReturnStmt:
				if len(s.Results) != 2 {
					return errors.New("probeRoutingStack returns other than 2 values")
				}
				a, err := eval(s.Results[0])
				if err != nil {
					return err
				}
				xn.align = int(a)
				cl, ok := s.Results[1].(*ast.CompositeLit)
				if !ok {
					return errors.New("probeRoutingStack's map is not a literal")
				}
				for _, el := range cl.Elts {
					kv := el.(*ast.KeyValueExpr)
					key := exprString(fset, kv.Key)
					name := strings.TrimPrefix(key, "syscall.")
					v := exprString(fset, kv.Value)
					w := vars[v]
					if w == nil {
						return fmt.Errorf("map value %s is not a wireFormat", v)
					}
					xn.formats[name] = xnetFmt{kind: v, bodyOff: w.bodyOff}
				}
			}
		}
		return nil
	}
	if err := walk(probe.Body.List); err != nil {
		return nil, fmt.Errorf("x/net/route sys_%s.go: %v", goos, err)
	}
	if xn.align == 0 || len(xn.formats) == 0 {
		return nil, fmt.Errorf("x/net/route sys_%s.go: probeRoutingStack not understood", goos)
	}
	return xn, nil
}

func literalInt(s string) (int64, error) {
	v, ok := constant.Int64Val(constant.MakeFromLiteral(s, token.INT, 0))
	if !ok {
		return 0, fmt.Errorf("bad literal %s", s)
	}
	return v, nil
}

func literalIntExpr(e ast.Expr) (int64, error) {
	if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.INT {
		return literalInt(lit.Value)
	}
	return 0, errors.New("not an integer literal")
}

func evalIdent(consts map[string]int64, e ast.Expr) (int64, error) {
	if id, ok := e.(*ast.Ident); ok {
		if v, ok := consts[id.Name]; ok {
			return v, nil
		}
	}
	return literalIntExpr(e)
}

func exprString(fset *token.FileSet, e ast.Node) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, e)
	return b.String()
}

package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/exportcheck/exportcheck/bundles"
	"github.com/exportcheck/exportcheck/checker"
)

func init() { commands = append(commands, newBundleCmd) }

// loadBundle reads and verifies --bundle into the checker's options.
func (f *checkerFlags) loadBundle(opts *checker.Options) error {
	if f.bundle == "" {
		if f.verificationKey != "" {
			return fmt.Errorf("--verification-key verifies a --bundle: give the bundle")
		}
		return nil
	}
	if len(f.policies) > 0 || len(f.data) > 0 {
		return fmt.Errorf("--bundle holds the policies and data: --policy and --data go into the bundle (exportcheck bundle build), not beside it")
	}
	if f.verificationKey == "" {
		return fmt.Errorf("--bundle %s: give --verification-key PUB: exportcheck uses only bundles whose signature it checked", f.bundle)
	}
	key, err := os.ReadFile(f.verificationKey)
	if err != nil {
		return fmt.Errorf("--verification-key: %w", err)
	}
	in, err := os.Open(f.bundle)
	if err != nil {
		return fmt.Errorf("--bundle: %w", err)
	}
	defer in.Close()
	l, err := bundles.Load(in, bundles.Signing{Key: key, Algorithm: f.signingAlg})
	if err != nil {
		return fmt.Errorf("--bundle %s is refused: %w", f.bundle, err)
	}
	opts.PolicyFS, opts.DataFS, opts.Revision = l.PolicyFS, l.DataFS, l.Revision
	return nil
}

func newBundleCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bundle",
		Short: "Build signed policy bundles for check --bundle and serve --bundle",
	}
	var out, signingKey, alg string
	var policiesDirs, dataDirs []string
	build := &cobra.Command{
		Use:   "build -o bundle.tar.gz --signing-key KEY",
		Short: "Write the policies and data as a signed OPA bundle",
		Long: `Write the embedded policies and data, with any --policy and --data directories over them
(validated as check loads them), as an OPA bundle: .manifest (the revision every decision made
with it names, and the roots), the Rego modules, data.json and .signatures.json, signed with
OPA's own bundle package, so that opa can inspect and verify it too. check and serve take it with
--bundle FILE --verification-key PUB and refuse it unsigned, tampered or signed with another key.`,
		Example: `  exportcheck bundle build -o bundle.tar.gz --data examples/company-data --signing-key signing.pem`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" || signingKey == "" {
				return fmt.Errorf("-o FILE and --signing-key KEY are required")
			}
			key, err := os.ReadFile(signingKey)
			if err != nil {
				return fmt.Errorf("--signing-key: %w", err)
			}
			f, err := createOutput(out)
			if err != nil {
				return err
			}
			defer f.Close()
			rev, err := bundles.Build(f, policiesDirs, dataDirs, bundles.Signing{Key: key, Algorithm: alg}, toolVersion())
			if err != nil {
				return err
			}
			if err := f.commit(); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s: revision %s, signed %s with key id %s\n", out, rev, alg, bundles.DefaultKeyID)
			return nil
		},
	}
	fl := build.Flags()
	fl.StringVarP(&out, "output", "o", "", "the bundle to write (.tar.gz)")
	fl.StringVar(&signingKey, "signing-key", "", "the private key (PEM) to sign with (or an HMAC secret with --signing-alg HS256)")
	fl.StringVar(&alg, "signing-alg", "RS256", "the signature's algorithm: RS256, PS256, ES256, HS256, …")
	fl.StringArrayVar(&policiesDirs, "policy", nil, "directory of Rego files over the embedded policies (repeatable)")
	fl.StringArrayVar(&dataDirs, "data", nil, "directory of YAML/JSON data over the embedded data (repeatable)")
	cmd.AddCommand(build)
	return cmd
}

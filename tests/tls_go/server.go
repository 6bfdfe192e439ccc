// A GOPROXY file server over HTTPS with the certificate chains under test: Go's own TLS
// server, so that every key type and size a company proxy may use can be served (rustls
// cannot serve RSA 1024 or P-521). Arguments: ROOT_DIR then CHAIN.pem:KEY.pem pairs. Prints
// one "PORT <n>" line per pair, in order, then serves until killed or its stdin closes.
package main

import (
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
)

func main() {
	root := os.Args[1]
	handler := http.FileServer(http.Dir(root))
	for _, pair := range os.Args[2:] {
		files := strings.SplitN(pair, ":", 2)
		cert, err := tls.LoadX509KeyPair(files[0], files[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, "load", pair, err)
			os.Exit(2)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, "listen", err)
			os.Exit(2)
		}
		fmt.Printf("PORT %d\n", ln.Addr().(*net.TCPAddr).Port)
		srv := &http.Server{
			Handler:   handler,
			TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}},
			ErrorLog:  log.New(io.Discard, "", 0),
		}
		go srv.ServeTLS(ln, "", "")
	}
	// Stop when the test that started us goes away.
	io.Copy(io.Discard, os.Stdin)
}

# Answers every request on :80 with a body that never ends.
use strict;
use IO::Socket::INET;
$SIG{PIPE} = 'IGNORE';
my $server = IO::Socket::INET->new(LocalPort => 80, Listen => 8, ReuseAddr => 1) or die "listen: $!";
my $chunk = "<h1>" x 16384;
while (my $client = $server->accept) {
    my $line = <$client>;
    print $client "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n";
    while (print $client $chunk) {}
    close $client;
}

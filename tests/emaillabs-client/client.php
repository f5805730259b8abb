<?php
// An EmailLabs API client, written for our tests after the request shape of EmailLabs' published PHP client
// (emaillabs/emaillabs-php-api): HTTP Basic with the app key and secret, an X-EL-CLI-VERSION header, POST bodies and
// query parameters through PHP's own http_build_query, filters appended as &filter=key::value|key::value (unencoded,
// as that client does), DELETE as a custom request. The answer is judged as that client judges it: code == "200" is
// success, anything else raises its message.
//
// php client.php <base url ending in /api/> <app key> <app secret> <GET|POST|DELETE> <action> [request.json]
// request.json: {"data": {...}, "params": {...}, "filters": {...}}; prints one JSON line: {ok, http, error?, result}.
[, $base, $appKey, $appSecret, $method, $action] = $argv;
$request = isset($argv[6]) ? json_decode(file_get_contents($argv[6]), true, 64, JSON_THROW_ON_ERROR) : [];

$url = $base . $action;
if (!empty($request['params'])) {
    $url = sprintf('%s?%s', $url, http_build_query($request['params']));
}
if (!empty($request['filters'])) {
    $parts = [];
    foreach ($request['filters'] as $key => $value) {
        $parts[] = $key . '::' . $value;
    }
    $url .= '&filter=' . implode('|', $parts);
}

$curl = curl_init();
curl_setopt($curl, CURLOPT_URL, $url);
curl_setopt($curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
curl_setopt($curl, CURLOPT_USERPWD, $appKey . ':' . $appSecret);
curl_setopt($curl, CURLOPT_RETURNTRANSFER, 1);
curl_setopt($curl, CURLOPT_HTTPHEADER, ['X-EL-CLI-VERSION: 1.3']);
if ($method === 'POST') {
    curl_setopt($curl, CURLOPT_POST, 1);
    curl_setopt($curl, CURLOPT_POSTFIELDS, http_build_query($request['data'] ?? []));
} elseif ($method === 'DELETE') {
    curl_setopt($curl, CURLOPT_CUSTOMREQUEST, 'DELETE');
}

$body = curl_exec($curl);
if ($body === false) {
    fwrite(STDERR, curl_error($curl) . "\n");
    exit(2);
}
$http = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
$result = json_decode($body);
if ($result && $result->code == "200") {
    echo json_encode(['ok' => true, 'http' => $http, 'result' => $result]), "\n";
} else {
    echo json_encode(['ok' => false, 'http' => $http, 'error' => $result ? $result->message : 'Result was empty', 'result' => $result]), "\n";
}

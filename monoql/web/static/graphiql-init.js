// Mounts GraphiQL on the page. Requests go to monoql's own endpoint with the browser's cookies, so an
// `authenticate` mutation run here logs the page in; the preflight header satisfies CSRF prevention.
(function () {
  var script = document.currentScript;
  var endpoint = script.getAttribute("data-endpoint");
  var fetcher = GraphiQL.createFetcher({
    url: endpoint,
    headers: { "Apollo-Require-Preflight": "true" },
    fetch: function (url, options) {
      return window.fetch(url, Object.assign({}, options, { credentials: "same-origin" }));
    },
  });
  var explorer = GraphiQLPluginExplorer.explorerPlugin();
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      defaultEditorToolbarVisibility: true,
      defaultQuery: "query Viewer {\n  viewer {\n    isLoggedIn\n    isAdmin\n  }\n}\n",
    })
  );
})();

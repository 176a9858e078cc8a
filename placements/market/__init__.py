"""The provider market: providers, Ofsted ratings, contracts, costs and vacancies."""
